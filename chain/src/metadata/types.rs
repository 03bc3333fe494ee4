//! Metadata-only mirror types: encoding-identical stand-ins for chain types whose Rust shape differs from
//! the type subtensor declares (a newtype where we store a plain integer, a hash where we store an array),
//! and the extrinsic-format types the chain parses by hand.
//!
//! Every type here derives `TypeInfo` under a `taonet_chain::metadata::types::…` path; [`super::paths`]
//! renames each to the path real clients key on. Unit tests in [`super`] check that each mirror encodes
//! exactly like the chain value it describes.

#![allow(missing_docs, dead_code)]

use crate::error::{AdminUtilsError, BalancesError};
use crate::error_names::SubtensorError;
use crate::event::{Event, Phase};
use parity_scale_codec::{Compact, Encode};
use scale_info::{build::Variants, Path, Type, TypeInfo};

/// `primitive_types::H256`.
#[derive(Encode, TypeInfo)]
pub struct H256(pub [u8; 32]);

/// `pallet_balances::types::ExtraFlags`.
#[derive(Encode, TypeInfo)]
pub struct ExtraFlags(pub u128);

/// `pallet_balances::types::AccountData<u64>`.
#[derive(Encode, TypeInfo)]
pub struct AccountData {
    pub free: u64,
    pub reserved: u64,
    pub frozen: u64,
    pub flags: ExtraFlags,
}

/// `frame_system::AccountInfo<u32, AccountData<u64>>`.
#[derive(Encode, TypeInfo)]
pub struct AccountInfo {
    pub nonce: u32,
    pub consumers: u32,
    pub providers: u32,
    pub sufficients: u32,
    pub data: AccountData,
}

/// `frame_system::EventRecord<RuntimeEvent, H256>`.
#[derive(Encode, TypeInfo)]
pub struct EventRecord {
    pub phase: Phase,
    pub event: Event,
    pub topics: Vec<H256>,
}

/// `node_subtensor_runtime::RuntimeError`: the pallets' errors taonet raises.
#[derive(Encode, TypeInfo)]
pub enum RuntimeError {
    #[codec(index = 5)]
    Balances(BalancesError),
    #[codec(index = 7)]
    SubtensorModule(SubtensorError),
    #[codec(index = 18)]
    Commitments(crate::commitments::CommitmentsError),
    #[codec(index = 19)]
    AdminUtils(AdminUtilsError),
    #[codec(index = 28)]
    Swap(crate::pool::SwapPalletError),
    #[codec(index = 30)]
    MevShield(crate::mev_shield::MevShieldError),
}

/// `sp_arithmetic::per_things::Perquintill`.
#[derive(Encode, TypeInfo)]
pub struct Perquintill(pub u64);

/// `pallet_subtensor_swap::pallet::balancer::Balancer`: the pool's quote weight.
#[derive(Encode, TypeInfo)]
pub struct Balancer {
    pub quote: Perquintill,
}

/// `node_subtensor_runtime::Runtime`.
#[derive(TypeInfo)]
pub struct Runtime;

/// `sp_runtime::MultiSignature`.
#[derive(Encode, TypeInfo)]
pub enum MultiSignature {
    #[codec(index = 0)]
    Ed25519([u8; 64]),
    #[codec(index = 1)]
    Sr25519([u8; 64]),
    #[codec(index = 2)]
    Ecdsa([u8; 65]),
}

/// `sp_runtime::generic::era::Era`: `Immortal` = 0, `MortalN(u8)` = N for N in 1..=255.
pub struct Era;

impl TypeInfo for Era {
    type Identity = Self;
    fn type_info() -> Type {
        const NAMES: [&str; 256] = era_names();
        let mut variants = Variants::new().variant("Immortal", |v| v.index(0));
        for (i, name) in NAMES.iter().enumerate().skip(1) {
            variants = variants.variant(*name, |v| {
                v.index(i as u8)
                    .fields(scale_info::build::Fields::unnamed().field(|f| f.ty::<u8>()))
            });
        }
        Type::builder()
            .path(Path::new("Era", "sp_runtime::generic::era"))
            .variant(variants)
    }
}

/// `sp_runtime::generic::digest::DigestItem`, with every variant subtensor declares (taonet produces only
/// `PreRuntime`, see [`crate::block::DigestItem`]). Clients need it to decode header logs: the Python SDK
/// looks the type up by this path before it can read any block.
pub struct DigestItem;

impl TypeInfo for DigestItem {
    type Identity = Self;
    fn type_info() -> Type {
        use scale_info::build::Fields;
        let engine_and_data = || {
            Fields::unnamed()
                .field(|f| f.ty::<[u8; 4]>().type_name("ConsensusEngineId"))
                .field(|f| f.ty::<Vec<u8>>().type_name("Vec<u8>"))
        };
        Type::builder()
            .path(Path::new("DigestItem", "sp_runtime::generic::digest"))
            .variant(
                Variants::new()
                    .variant("PreRuntime", |v| v.index(6).fields(engine_and_data()))
                    .variant("Consensus", |v| v.index(4).fields(engine_and_data()))
                    .variant("Seal", |v| v.index(5).fields(engine_and_data()))
                    .variant("Other", |v| {
                        v.index(0).fields(
                            Fields::unnamed().field(|f| f.ty::<Vec<u8>>().type_name("Vec<u8>")),
                        )
                    })
                    .variant("RuntimeEnvironmentUpdated", |v| v.index(8)),
            )
    }
}

/// `sp_runtime::generic::digest::Digest { logs: Vec<DigestItem> }` (encoded as the bare list).
pub struct Digest;

impl TypeInfo for Digest {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Digest", "sp_runtime::generic::digest"))
            .composite(scale_info::build::Fields::named().field(|f| {
                f.ty::<Vec<DigestItem>>()
                    .name("logs")
                    .type_name("Vec<DigestItem>")
            }))
    }
}

/// The names `Mortal1`..`Mortal255` as `&'static str` (index 0 unused).
const fn era_names() -> [&'static str; 256] {
    macro_rules! names {
        ($($n:literal)*) => { ["", $(concat!("Mortal", $n)),*] };
    }
    names!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34
        35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67
        68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100
        101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125
        126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150
        151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 171 172 173 174 175
        176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194 195 196 197 198 199 200
        201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220 221 222 223 224 225
        226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250
        251 252 253 254 255)
}

/// `frame_system::extensions::check_non_zero_sender::CheckNonZeroSender`.
#[derive(TypeInfo)]
pub struct CheckNonZeroSender;
/// `frame_system::extensions::check_spec_version::CheckSpecVersion`.
#[derive(TypeInfo)]
pub struct CheckSpecVersion;
/// `frame_system::extensions::check_tx_version::CheckTxVersion`.
#[derive(TypeInfo)]
pub struct CheckTxVersion;
/// `frame_system::extensions::check_genesis::CheckGenesis`.
#[derive(TypeInfo)]
pub struct CheckGenesis;
/// `frame_system::extensions::check_mortality::CheckMortality`.
#[derive(TypeInfo)]
pub struct CheckMortality(pub Era);
/// `node_subtensor_runtime::check_nonce::CheckNonce`.
#[derive(TypeInfo)]
pub struct CheckNonce(pub Compact<u32>);
/// `frame_system::extensions::check_weight::CheckWeight`.
#[derive(TypeInfo)]
pub struct CheckWeight;
/// `pallet_transaction_payment::ChargeTransactionPayment`: the tip.
#[derive(TypeInfo)]
pub struct ChargeTransactionPayment(pub Compact<u64>);
/// `pallet_subtensor::transaction_extension::SubtensorTransactionExtension`.
#[derive(TypeInfo)]
pub struct SubtensorTransactionExtension;
/// `pallet_drand::drand_priority::DrandPriority`.
#[derive(TypeInfo)]
pub struct DrandPriority;
/// `frame_metadata_hash_extension::Mode`.
#[derive(TypeInfo)]
pub enum Mode {
    Disabled,
    Enabled,
}
/// `frame_metadata_hash_extension::CheckMetadataHash`.
#[derive(TypeInfo)]
pub struct CheckMetadataHash {
    pub mode: Mode,
}

/// The signed-extension tuple, in subtensor's order.
pub type SignedExtra = (
    CheckNonZeroSender,
    CheckSpecVersion,
    CheckTxVersion,
    CheckGenesis,
    CheckMortality,
    CheckNonce,
    CheckWeight,
    ChargeTransactionPayment,
    SubtensorTransactionExtension,
    DrandPriority,
    CheckMetadataHash,
);

/// `sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic<Address, Call, Signature, Extra>`: opaque
/// bytes on the wire, with the four type parameters subxt's V14 reader takes the address and signature
/// types from.
pub struct UncheckedExtrinsic;

impl TypeInfo for UncheckedExtrinsic {
    type Identity = Self;
    fn type_info() -> Type {
        use scale_info::{meta_type, TypeParameter};
        Type::builder()
            .path(Path::new(
                "UncheckedExtrinsic",
                "sp_runtime::generic::unchecked_extrinsic",
            ))
            .type_params(vec![
                TypeParameter::new("Address", Some(meta_type::<crate::call::MultiAddress>())),
                TypeParameter::new("Call", Some(meta_type::<crate::call::Call>())),
                TypeParameter::new("Signature", Some(meta_type::<MultiSignature>())),
                TypeParameter::new("Extra", Some(meta_type::<SignedExtra>())),
            ])
            .composite(scale_info::build::Fields::unnamed().field(|f| f.ty::<Vec<u8>>()))
    }
}
