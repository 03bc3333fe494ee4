//! The Commitments pallet (index 18): a registered hotkey publishes up to three fields of data per
//! subnet (`set_commitment`), within a per-epoch space budget.
//!
//! Types, storage, call, event and error shapes mirror `pallet_commitments` as the real runtime declares
//! it (spec 208), so the SDKs read `CommitmentOf` and decode the `Data` enum (`Raw0`..`Raw128`, the hash
//! variants, `TimelockEncrypted`, `ResetBondsFlag`, `BigRaw`) exactly as on a real node. Deposits are free
//! (subtensor's `InitialDeposit` and `FieldDeposit` are 0), so nothing is reserved.
//!
//! Not modelled: the revealing of `TimelockEncrypted` fields, which needs drand pulses an offline devnet
//! never receives. Such fields are stored and listed in `TimelockedIndex` as on subtensor, and stay
//! sealed; `RevealedCommitments` is therefore always empty.

use crate::ctx::Ctx;
use crate::error::{DispatchError, ModuleError};
use crate::items::{Bonds, BondsResetOn, SubnetEpochIndex, Uids};
use crate::storage::{Identity, Twox64Concat};
use crate::types::{AccountId, NetUid};
use crate::{storage_double_map, storage_value};
use parity_scale_codec::{Decode, Encode, Error as CodecError, Input, Output};
use scale_info::build::{Fields, Variants};
use scale_info::{Path, Type, TypeInfo};
use std::collections::BTreeSet;

/// The pallet's name and storage prefix.
pub const PALLET: &str = "Commitments";
/// The pallet's index in the runtime.
pub const PALLET_INDEX: u8 = 18;
/// Most fields one commitment may carry (the runtime's `MaxFields`).
pub const MAX_FIELDS: u32 = 3;
/// Deposit held for any commitment, in rao (free on subtensor).
pub const INITIAL_DEPOSIT: u64 = 0;
/// Deposit held per field, in rao (free on subtensor).
pub const FIELD_DEPOSIT: u64 = 0;
/// Default `MaxSpace`: bytes a hotkey may commit per subnet per epoch.
pub const DEFAULT_MAX_SPACE: u32 = 3100;
/// Longest `Raw` field.
pub const MAX_RAW_BYTES: usize = 128;
/// Longest `TimelockEncrypted` ciphertext.
pub const MAX_TIMELOCK_COMMITMENT_SIZE_BYTES: usize = 1024;
/// Longest `BigRaw` field.
pub const MAX_BIGRAW_COMMITMENT_SIZE_BYTES: usize = 512;
/// Every commitment is charged at least this much space, however small.
pub const MIN_USED_SPACE: u64 = 100;

/// One field of a commitment (`pallet_commitments::types::Data`). Its SCALE form is a one-byte tag:
/// 0 `None`, 1..=129 `Raw0`..`Raw128` (tag = length + 1, then the bytes, no length prefix), 130..=133
/// the 32-byte hashes, 134 `TimelockEncrypted`, 135 `ResetBondsFlag`, 136 `BigRaw`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Data {
    /// No data.
    #[default]
    None,
    /// Up to [`MAX_RAW_BYTES`] bytes; longer input is cut to that length when encoded.
    Raw(Vec<u8>),
    /// A BLAKE2-256 hash.
    BlakeTwo256([u8; 32]),
    /// A SHA2-256 hash.
    Sha256([u8; 32]),
    /// A Keccak-256 hash.
    Keccak256([u8; 32]),
    /// A SHA3-256 hash.
    ShaThree256([u8; 32]),
    /// A drand-timelocked ciphertext (at most [`MAX_TIMELOCK_COMMITMENT_SIZE_BYTES`]).
    TimelockEncrypted {
        /// The ciphertext.
        encrypted: Vec<u8>,
        /// The drand round that unlocks it.
        reveal_round: u64,
    },
    /// Asks the chain to drop the committer's bonds (when the subnet has `BondsResetOn`).
    ResetBondsFlag,
    /// Up to [`MAX_BIGRAW_COMMITMENT_SIZE_BYTES`] bytes with a length prefix.
    BigRaw(Vec<u8>),
}

impl Data {
    /// The space this field uses against the `MaxSpace` budget: its payload length.
    pub fn len_for_rate_limit(&self) -> u64 {
        let len = match self {
            Data::None | Data::ResetBondsFlag => 0,
            Data::Raw(bytes) | Data::BigRaw(bytes) => bytes.len(),
            Data::BlakeTwo256(h) | Data::Sha256(h) | Data::Keccak256(h) | Data::ShaThree256(h) => {
                h.len()
            }
            Data::TimelockEncrypted { encrypted, .. } => encrypted.len(),
        };
        len as u64
    }

    /// Whether this is a `TimelockEncrypted` field.
    pub fn is_timelock_encrypted(&self) -> bool {
        matches!(self, Data::TimelockEncrypted { .. })
    }
}

fn bounded_bytes<I: Input>(
    input: &mut I,
    max: usize,
    what: &'static str,
) -> Result<Vec<u8>, CodecError> {
    let bytes = Vec::<u8>::decode(input)?;
    if bytes.len() > max {
        return Err(CodecError::from(what));
    }
    Ok(bytes)
}

/// `bounded_collections::bounded_vec::BoundedVec<T, ConstU32<MAX>>`: a `Vec<T>` that fails to decode
/// when longer than `MAX`, declared under the path and shape clients key on (a composite around the
/// sequence, which the Python SDK encodes from a nested list).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundedVec<T, const MAX: u32>(pub Vec<T>);

impl<T, const MAX: u32> std::ops::Deref for BoundedVec<T, MAX> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T, const MAX: u32> From<Vec<T>> for BoundedVec<T, MAX> {
    fn from(v: Vec<T>) -> Self {
        BoundedVec(v)
    }
}

impl<T: Encode, const MAX: u32> Encode for BoundedVec<T, MAX> {
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }
    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        self.0.encode_to(dest);
    }
}

impl<T: Decode, const MAX: u32> Decode for BoundedVec<T, MAX> {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let items = Vec::<T>::decode(input)?;
        if items.len() > MAX as usize {
            return Err(CodecError::from("BoundedVec exceeds its limit"));
        }
        Ok(BoundedVec(items))
    }
}

impl<T: TypeInfo + 'static, const MAX: u32> TypeInfo for BoundedVec<T, MAX> {
    type Identity = Self;

    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("BoundedVec", "bounded_collections::bounded_vec"))
            .type_params(vec![
                scale_info::TypeParameter::new("T", Some(scale_info::meta_type::<T>())),
                scale_info::TypeParameter::new("S", None),
            ])
            .composite(Fields::unnamed().field(|f| f.ty::<Vec<T>>().type_name("Vec<T>")))
    }
}

impl Encode for Data {
    fn size_hint(&self) -> usize {
        1 + self.len_for_rate_limit() as usize + 9
    }

    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        match self {
            Data::None => dest.push_byte(0),
            Data::Raw(bytes) => {
                let bytes = &bytes[..bytes.len().min(MAX_RAW_BYTES)];
                // At most 128, so the tag (length + 1) fits a byte.
                dest.push_byte(bytes.len() as u8 + 1);
                dest.write(bytes);
            }
            Data::BlakeTwo256(h) => {
                dest.push_byte(130);
                dest.write(h);
            }
            Data::Sha256(h) => {
                dest.push_byte(131);
                dest.write(h);
            }
            Data::Keccak256(h) => {
                dest.push_byte(132);
                dest.write(h);
            }
            Data::ShaThree256(h) => {
                dest.push_byte(133);
                dest.write(h);
            }
            Data::TimelockEncrypted {
                encrypted,
                reveal_round,
            } => {
                dest.push_byte(134);
                encrypted.encode_to(dest);
                reveal_round.encode_to(dest);
            }
            Data::ResetBondsFlag => dest.push_byte(135),
            Data::BigRaw(bytes) => {
                dest.push_byte(136);
                bytes.encode_to(dest);
            }
        }
    }
}

impl parity_scale_codec::EncodeLike for Data {}

impl Decode for Data {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let tag = input.read_byte()?;
        Ok(match tag {
            0 => Data::None,
            1..=129 => {
                let mut bytes = vec![0u8; usize::from(tag - 1)];
                input.read(&mut bytes)?;
                Data::Raw(bytes)
            }
            130 => Data::BlakeTwo256(<[u8; 32]>::decode(input)?),
            131 => Data::Sha256(<[u8; 32]>::decode(input)?),
            132 => Data::Keccak256(<[u8; 32]>::decode(input)?),
            133 => Data::ShaThree256(<[u8; 32]>::decode(input)?),
            134 => Data::TimelockEncrypted {
                encrypted: bounded_bytes(
                    input,
                    MAX_TIMELOCK_COMMITMENT_SIZE_BYTES,
                    "TimelockEncrypted ciphertext longer than 1024 bytes",
                )?,
                reveal_round: u64::decode(input)?,
            },
            135 => Data::ResetBondsFlag,
            136 => Data::BigRaw(bounded_bytes(
                input,
                MAX_BIGRAW_COMMITMENT_SIZE_BYTES,
                "BigRaw longer than 512 bytes",
            )?),
            _ => return Err(CodecError::from("invalid Data tag")),
        })
    }
}

/// Adds `Raw0`..`Raw128` (variant index = length + 1), each a `[u8; N]`.
macro_rules! raw_variants {
    ($variants:expr; $($n:literal)*) => {
        $variants
        $(
            .variant(concat!("Raw", stringify!($n)), |v| {
                v.index($n + 1).fields(Fields::unnamed().field(|f| f.ty::<[u8; $n]>()))
            })
        )*
    };
}

impl TypeInfo for Data {
    type Identity = Self;

    fn type_info() -> Type {
        let variants = raw_variants!(
            Variants::new().variant("None", |v| v.index(0));
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
            33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62
            63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92
            93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116
            117 118 119 120 121 122 123 124 125 126 127 128
        );
        let hash = |v: scale_info::build::VariantBuilder<scale_info::form::MetaForm>, index: u8| {
            v.index(index)
                .fields(Fields::unnamed().field(|f| f.ty::<[u8; 32]>()))
        };
        let variants = variants
            .variant("BlakeTwo256", |v| hash(v, 130))
            .variant("Sha256", |v| hash(v, 131))
            .variant("Keccak256", |v| hash(v, 132))
            .variant("ShaThree256", |v| hash(v, 133))
            .variant("TimelockEncrypted", |v| {
                v.index(134).fields(
                    Fields::named()
                        .field(|f| {
                            f.name("encrypted").ty::<BoundedVec<
                                u8,
                                { MAX_TIMELOCK_COMMITMENT_SIZE_BYTES as u32 },
                            >>()
                        })
                        .field(|f| f.name("reveal_round").ty::<u64>()),
                )
            })
            .variant("ResetBondsFlag", |v| v.index(135))
            .variant("BigRaw", |v| {
                v.index(136).fields(Fields::unnamed().field(|f| {
                    f.ty::<BoundedVec<u8, { MAX_BIGRAW_COMMITMENT_SIZE_BYTES as u32 }>>()
                }))
            });
        Type::builder()
            .path(Path::new("Data", module_path!()))
            .variant(variants)
    }
}

/// What a commitment says: its fields (`pallet_commitments::types::CommitmentInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct CommitmentInfo {
    /// At most [`MAX_FIELDS`] fields (more fail to decode).
    pub fields: BoundedVec<Data, MAX_FIELDS>,
}

/// A stored commitment (`pallet_commitments::types::Registration`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct Registration {
    /// Deposit held, in rao (always 0: commitments are free).
    pub deposit: u64,
    /// Block of the last `set_commitment`.
    pub block: u32,
    /// The commitment.
    pub info: CommitmentInfo,
}

/// Space a hotkey used in its current epoch (`pallet_commitments::types::UsageTracker`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct UsageTracker {
    /// The subnet epoch (`SubnetEpochIndex`) the usage belongs to.
    pub last_epoch: u64,
    /// Bytes used in that epoch.
    pub used_space: u64,
}

storage_value!(
    /// Every `(netuid, hotkey)` whose commitment holds a timelocked field.
    TimelockedIndex: PALLET, BTreeSet<(NetUid, AccountId)> = BTreeSet::new()
);
storage_double_map!(
    /// The commitment of each hotkey on each subnet (absent when none).
    CommitmentOf: PALLET, Identity, NetUid, Twox64Concat, AccountId => Registration = Registration::default()
);
storage_double_map!(
    /// Block of each hotkey's last commitment.
    LastCommitment: PALLET, Identity, NetUid, Twox64Concat, AccountId => u32 = 0
);
storage_double_map!(
    /// Block of each hotkey's last `ResetBondsFlag` commitment.
    LastBondsReset: PALLET, Identity, NetUid, Twox64Concat, AccountId => u32 = 0
);
storage_double_map!(
    /// Revealed timelocked commitments: `(data, reveal block)` (never written on an offline devnet).
    RevealedCommitments: PALLET, Identity, NetUid, Twox64Concat, AccountId => Vec<(Vec<u8>, u64)> = Vec::new()
);
storage_double_map!(
    /// Space each hotkey used on each subnet in the current epoch.
    UsedSpaceOf: PALLET, Identity, NetUid, Twox64Concat, AccountId => UsageTracker = UsageTracker::default()
);
storage_value!(
    /// Bytes a hotkey may commit per subnet per epoch.
    MaxSpace: PALLET, u32 = DEFAULT_MAX_SPACE
);

/// Commitments pallet calls (index 18), with subtensor's call indices.
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum CommitmentsCall {
    /// Publish a commitment on a subnet (origin: a hotkey registered there; free).
    #[codec(index = 0)]
    set_commitment {
        /// Subnet.
        netuid: NetUid,
        /// What to commit.
        info: Box<CommitmentInfo>,
    },
    /// Set `MaxSpace` (origin: root).
    #[codec(index = 2)]
    set_max_space {
        /// New per-epoch byte budget.
        new_limit: u32,
    },
}

/// Commitments pallet events (index 18).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum CommitmentsEvent {
    /// A commitment was set.
    #[codec(index = 0)]
    Commitment {
        /// Subnet.
        netuid: NetUid,
        /// The committing hotkey.
        who: AccountId,
    },
    /// A commitment with a timelocked field was set.
    #[codec(index = 1)]
    TimelockCommitment {
        /// Subnet.
        netuid: NetUid,
        /// The committing hotkey.
        who: AccountId,
        /// The drand round that unlocks it.
        reveal_round: u64,
    },
    /// A timelocked commitment was revealed (never on an offline devnet).
    #[codec(index = 2)]
    CommitmentRevealed {
        /// Subnet.
        netuid: NetUid,
        /// The committing hotkey.
        who: AccountId,
    },
}

/// Commitments pallet errors (index 18), in metadata order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum CommitmentsError {
    /// Account passed too many additional fields to their commitment
    TooManyFieldsInCommitmentInfo,
    /// Account is not allowed to make commitments to the chain
    AccountNotAllowedCommit,
    /// Space Limit Exceeded for the current interval
    SpaceLimitExceeded,
    /// Indicates that unreserve returned a leftover, which is unexpected.
    UnexpectedUnreserveLeftover,
}

impl From<CommitmentsError> for DispatchError {
    fn from(e: CommitmentsError) -> Self {
        DispatchError::Module(ModuleError {
            index: PALLET_INDEX,
            error: [e as u8, 0, 0, 0],
        })
    }
}

impl From<CommitmentsEvent> for crate::event::Event {
    fn from(e: CommitmentsEvent) -> Self {
        crate::event::Event::Commitments(e)
    }
}

/// `set_commitment(netuid, info)` from `who`: only a hotkey registered on `netuid` may commit, with at
/// most [`MAX_FIELDS`] fields, within `MaxSpace` bytes per subnet epoch (each commitment counts at least
/// [`MIN_USED_SPACE`]). A `ResetBondsFlag` field records `LastBondsReset` and, when the subnet has
/// `BondsResetOn`, removes `who`'s column from every bond row.
pub fn set_commitment(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    netuid: NetUid,
    info: &CommitmentInfo,
) -> Result<(), DispatchError> {
    if !Uids::contains_key(ctx.s, &netuid, who) {
        return Err(CommitmentsError::AccountNotAllowedCommit.into());
    }
    let field_count = info.fields.len();
    if field_count > MAX_FIELDS as usize {
        return Err(CommitmentsError::TooManyFieldsInCommitmentInfo.into());
    }
    // Block numbers are u32 in the runtime.
    let block = u32::try_from(ctx.block).unwrap_or(u32::MAX);
    let required = info
        .fields
        .iter()
        .map(Data::len_for_rate_limit)
        .sum::<u64>()
        .max(MIN_USED_SPACE);
    let epoch = SubnetEpochIndex::get(ctx.s, &netuid);
    let mut usage = UsedSpaceOf::try_get(ctx.s, &netuid, who).unwrap_or_default();
    if usage.last_epoch != epoch {
        usage = UsageTracker {
            last_epoch: epoch,
            used_space: 0,
        };
    }
    if info.fields.contains(&Data::ResetBondsFlag) {
        LastBondsReset::insert(ctx.s, &netuid, who, block);
        reset_bonds(ctx, netuid, who);
    }
    let used = usage.used_space.saturating_add(required);
    if used > u64::from(MaxSpace::get(ctx.s)) {
        return Err(CommitmentsError::SpaceLimitExceeded.into());
    }
    usage.used_space = used;
    UsedSpaceOf::insert(ctx.s, &netuid, who, usage);

    let deposit =
        INITIAL_DEPOSIT.saturating_add((field_count as u64).saturating_mul(FIELD_DEPOSIT));
    CommitmentOf::insert(
        ctx.s,
        &netuid,
        who,
        Registration {
            deposit,
            block,
            info: info.clone(),
        },
    );
    LastCommitment::insert(ctx.s, &netuid, who, block);

    let timelocked = info.fields.iter().find_map(|f| match f {
        Data::TimelockEncrypted { reveal_round, .. } => Some(*reveal_round),
        _ => None,
    });
    let mut index = TimelockedIndex::get(ctx.s);
    match timelocked {
        Some(reveal_round) => {
            index.insert((netuid, *who));
            ctx.deposit(CommitmentsEvent::TimelockCommitment {
                netuid,
                who: *who,
                reveal_round,
            });
        }
        None => {
            index.remove(&(netuid, *who));
            ctx.deposit(CommitmentsEvent::Commitment { netuid, who: *who });
        }
    }
    TimelockedIndex::put(ctx.s, index);
    Ok(())
}

/// subtensor's `do_reset_bonds`: drops `hotkey`'s column from every bond row of `netuid`, when the
/// subnet has bond resets enabled and `hotkey` holds a UID there.
fn reset_bonds(ctx: &mut Ctx<'_>, netuid: NetUid, hotkey: &AccountId) {
    if !BondsResetOn::get(ctx.s, &netuid) {
        return;
    }
    let Some(uid) = Uids::try_get(ctx.s, &netuid, hotkey) else {
        return;
    };
    for (row, bonds) in Bonds::iter_prefix(ctx.s, &netuid) {
        let kept: Vec<(u16, u16)> = bonds.into_iter().filter(|(j, _)| *j != uid).collect();
        Bonds::insert(ctx.s, &netuid, &row, kept);
    }
}

/// `set_max_space(new_limit)` (origin: root, checked by the caller).
pub fn set_max_space(ctx: &mut Ctx<'_>, new_limit: u32) {
    MaxSpace::put(ctx.s, new_limit);
}

/// Dispatches a Commitments call; `root` says whether the origin is root (through `Sudo.sudo`) rather
/// than the signer `who`.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    root: bool,
    call: &CommitmentsCall,
) -> Result<(), DispatchError> {
    match call {
        // `ensure_signed`: root cannot commit.
        CommitmentsCall::set_commitment { .. } if root => Err(DispatchError::BadOrigin),
        CommitmentsCall::set_commitment { netuid, info } => set_commitment(ctx, who, *netuid, info),
        CommitmentsCall::set_max_space { new_limit } if root => {
            set_max_space(ctx, *new_limit);
            Ok(())
        }
        CommitmentsCall::set_max_space { .. } => Err(DispatchError::BadOrigin),
    }
}

/// Every commitment on `netuid` as `(hotkey, SCALE-encoded Registration)`, in storage order (what the
/// runtime's `get_commitments` gives `SelectiveMetagraph::commitments`).
pub fn commitments_of(s: &crate::storage::Storage, netuid: NetUid) -> Vec<(AccountId, Vec<u8>)> {
    CommitmentOf::iter_prefix(s, &netuid)
        .into_iter()
        .map(|(hotkey, registration)| (hotkey, registration.encode()))
        .collect()
}

#[cfg(test)]
mod tests;
