//! Real signed extrinsics: subtensor's v4 `UncheckedExtrinsic` wire format, its signing payload and the
//! checks a Substrate transaction pool runs before it accepts one.
//!
//! Wire format (verified against subtensor's metadata: the explicit extension data is `Era`,
//! `Compact<u32>` nonce, `Compact<u64>` tip and the `CheckMetadataHash` mode byte; every other extension
//! is zero-sized):
//! ```text
//! Compact(len) ‖ 0x84 ‖ MultiAddress::Id(0x00 ‖ AccountId32) ‖ MultiSignature (0x01 ‖ sr25519 [u8; 64])
//!              ‖ Era ‖ Compact(nonce) ‖ Compact(tip) ‖ mode u8 ‖ call
//! ```
//! The signature covers `call ‖ extra ‖ spec_version u32 ‖ transaction_version u32 ‖ genesis hash ‖ era
//! birth block hash ‖ Option<metadata hash> (None)`, blake2_256'd first when longer than 256 bytes, in the
//! sr25519 `substrate` context. The extrinsic hash is blake2_256 of the whole length-prefixed bytes.
//!
//! Rejections carry the code, message and data a real node's author RPC returns (code 1010 "Invalid
//! Transaction" with data such as "Transaction has a bad signature"), see [`TxError`].

use crate::call::{Call, SubtensorCall};
use crate::error_names::SubtensorError;
use crate::items::{NetworkLastRegistered, NetworkRateLimit};
use crate::keys::{self, Keypair};
use crate::runtime::{Chain, Extrinsic, InvalidTransaction};
use crate::storage::Storage;
use crate::types::{AccountId, H256};
use parity_scale_codec::{Compact, Decode, DecodeAll, Encode};
use sp_crypto_hashing::blake2_256;

/// The version byte of a signed v4 extrinsic (`0x80 | 4`).
pub const SIGNED_V4: u8 = 0x84;
/// The version byte of an unsigned (bare) v4 extrinsic.
pub const UNSIGNED_V4: u8 = 0x04;

/// A transaction's mortality, as `sp_runtime::generic::Era`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    /// Valid forever; its birth block is genesis.
    Immortal,
    /// Valid for `period` blocks from the block whose number ≡ `phase` (mod `period`).
    Mortal {
        /// A power of two in 4..=65536.
        period: u64,
        /// Birth block number modulo `period`.
        phase: u64,
    },
}

impl Era {
    /// A mortal era of about `period` blocks (rounded up to a power of two in 4..=65536) starting at
    /// block `current`, as Substrate's `Era::mortal` builds it.
    pub fn mortal(period: u64, current: u64) -> Era {
        let period = period
            .checked_next_power_of_two()
            .unwrap_or(1 << 16)
            .clamp(4, 1 << 16);
        let phase = current % period;
        let quantize = (period >> 12).max(1);
        Era::Mortal {
            period,
            phase: phase / quantize * quantize,
        }
    }

    /// The block this era was started at, seen from block `current`.
    pub fn birth(self, current: u64) -> u64 {
        match self {
            Era::Immortal => 0,
            Era::Mortal { period, phase } => (current.max(phase) - phase) / period * period + phase,
        }
    }

    /// The first block at which a transaction of this era, seen from `current`, is no longer valid.
    pub fn death(self, current: u64) -> u64 {
        match self {
            Era::Immortal => u64::MAX,
            Era::Mortal { period, .. } => self.birth(current).saturating_add(period),
        }
    }
}

impl Encode for Era {
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        match *self {
            Era::Immortal => dest.push_byte(0),
            Era::Mortal { period, phase } => {
                let quantize = (period >> 12).max(1);
                let low = (period.trailing_zeros().saturating_sub(1)).clamp(1, 15) as u16;
                let encoded = low | (((phase / quantize) << 4) as u16);
                encoded.encode_to(dest);
            }
        }
    }
}

impl Decode for Era {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        let first = input.read_byte()?;
        if first == 0 {
            return Ok(Era::Immortal);
        }
        let encoded = u64::from(first) + (u64::from(input.read_byte()?) << 8);
        let period = 2u64 << (encoded % (1 << 4));
        let quantize = (period >> 12).max(1);
        let phase = (encoded >> 4) * quantize;
        if period >= 4 && phase < period {
            Ok(Era::Mortal { period, phase })
        } else {
            Err("Invalid period and phase".into())
        }
    }
}

/// The explicit ("extra") data of subtensor's signed extensions, in metadata order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedExtra {
    /// `CheckMortality`.
    pub era: Era,
    /// `CheckNonce`.
    pub nonce: u32,
    /// `ChargeTransactionPayment`: the tip in rao.
    pub tip: u64,
    /// `CheckMetadataHash`: 0 = disabled, 1 = enabled.
    pub metadata_hash_mode: u8,
}

impl SignedExtra {
    /// Immortal, no tip, metadata hash disabled.
    pub fn immortal(nonce: u32) -> Self {
        SignedExtra {
            era: Era::Immortal,
            nonce,
            tip: 0,
            metadata_hash_mode: 0,
        }
    }
}

impl Encode for SignedExtra {
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        self.era.encode_to(dest);
        Compact(self.nonce).encode_to(dest);
        Compact(self.tip).encode_to(dest);
        dest.push_byte(self.metadata_hash_mode);
    }
}

impl Decode for SignedExtra {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        let era = Era::decode(input)?;
        let nonce = Compact::<u32>::decode(input)?.0;
        let tip = Compact::<u64>::decode(input)?.0;
        let metadata_hash_mode = input.read_byte()?;
        if metadata_hash_mode > 1 {
            return Err("Could not decode `Mode`, variant doesn't exist".into());
        }
        Ok(SignedExtra {
            era,
            nonce,
            tip,
            metadata_hash_mode,
        })
    }
}

/// What a signature commits to besides the extrinsic itself (the extensions' implicit data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningContext {
    /// `CheckSpecVersion`.
    pub spec_version: u32,
    /// `CheckTxVersion`.
    pub transaction_version: u32,
    /// `CheckGenesis`.
    pub genesis_hash: H256,
}

/// `sp_runtime::MultiSignature`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MultiSignature {
    /// Variant 0 (not accepted: every taonet account is sr25519).
    Ed25519([u8; 64]),
    /// Variant 1.
    Sr25519([u8; 64]),
    /// Variant 2 (not accepted).
    Ecdsa([u8; 65]),
}

impl Encode for MultiSignature {
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        match self {
            MultiSignature::Ed25519(s) => {
                dest.push_byte(0);
                dest.write(s);
            }
            MultiSignature::Sr25519(s) => {
                dest.push_byte(1);
                dest.write(s);
            }
            MultiSignature::Ecdsa(s) => {
                dest.push_byte(2);
                dest.write(s);
            }
        }
    }
}

impl Decode for MultiSignature {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        match input.read_byte()? {
            0 => Ok(MultiSignature::Ed25519(<[u8; 64]>::decode(input)?)),
            1 => Ok(MultiSignature::Sr25519(<[u8; 64]>::decode(input)?)),
            2 => Ok(MultiSignature::Ecdsa(<[u8; 65]>::decode(input)?)),
            _ => Err("Could not decode `MultiSignature`, variant doesn't exist".into()),
        }
    }
}

/// A signed v4 extrinsic, decoded but not yet checked. The call is kept as the exact bytes signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UncheckedExtrinsic {
    /// The `MultiAddress::Id` signer.
    pub signer: AccountId,
    /// The signature.
    pub signature: MultiSignature,
    /// The extensions' explicit data.
    pub extra: SignedExtra,
    /// The SCALE-encoded call.
    pub call: Vec<u8>,
}

/// Why a node would not accept an extrinsic: each variant is a real pool or author-RPC rejection.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TxError {
    /// The bytes are not an extrinsic (author RPC code 1001).
    #[error("Extrinsic has invalid format: {0}")]
    BadFormat(String),
    /// The runtime declared the transaction invalid (code 1010).
    #[error("Invalid Transaction: {0}")]
    Invalid(Invalidity),
    /// The runtime could not tell whether it is valid (code 1011).
    #[error("Unknown Transaction Validity: {0}")]
    Unknown(UnknownValidity),
    /// The same bytes are already in the pool (code 1013).
    #[error("Transaction Already Imported")]
    AlreadyImported(H256),
    /// Another pool transaction of the signer already uses this nonce (code 1014).
    #[error("Priority is too low: (0 vs 0)")]
    TooLowPriority,
}

/// `sp_runtime::transaction_validity::InvalidTransaction`, with its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalidity {
    /// The nonce was already used.
    #[error("Transaction is outdated")]
    Stale,
    /// The nonce is ahead of the account's.
    #[error("Transaction will be valid in the future")]
    Future,
    /// The signature does not verify (or is not sr25519).
    #[error("Transaction has a bad signature")]
    BadProof,
    /// The era's birth block is unknown (or the era has run out).
    #[error("Transaction has an ancient birth block")]
    AncientBirthBlock,
    /// The signer cannot pay the fee (tip included) and stay above the existential deposit.
    #[error("Inability to pay some fees (e.g. account balance too low)")]
    Payment,
    /// The call is not one this chain dispatches: (pallet index, call index). The message names the
    /// pallet so a user knows which part of subtensor taonet does not implement.
    #[error(
        "Transaction call is not expected: taonet does not implement call {1} of pallet {name} ({0})",
        name = pallet_name(*.0)
    )]
    Call(u8, u8),
    /// The signer is the zero account (`CheckNonZeroSender`).
    #[error("Invalid signing address")]
    BadSigner,
    /// A runtime-specific rejection: subtensor's `CustomTransactionError` code (a Substrate node's
    /// author RPC reports it as `Custom error: N`).
    #[error("Custom error: {0}")]
    Custom(u8),
}

/// `sp_runtime::transaction_validity::UnknownTransaction`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnknownValidity {
    /// The signer address is not a plain account id.
    #[error("CannotLookup")]
    CannotLookup,
    /// An unsigned extrinsic for a call that has no unsigned validator.
    #[error("NoUnsignedValidator")]
    NoUnsignedValidator,
}

impl From<InvalidTransaction> for Invalidity {
    fn from(e: InvalidTransaction) -> Self {
        match e {
            InvalidTransaction::Stale => Invalidity::Stale,
            InvalidTransaction::Future => Invalidity::Future,
            InvalidTransaction::Payment => Invalidity::Payment,
            InvalidTransaction::Custom(code) => Invalidity::Custom(code),
        }
    }
}

impl TxError {
    /// The JSON-RPC error code a Substrate node answers with.
    pub fn code(&self) -> i32 {
        match self {
            TxError::BadFormat(_) => 1001,
            TxError::Invalid(_) => 1010,
            TxError::Unknown(_) => 1011,
            TxError::AlreadyImported(_) => 1013,
            TxError::TooLowPriority => 1014,
        }
    }

    /// The JSON-RPC error message.
    pub fn message(&self) -> String {
        match self {
            TxError::Invalid(_) => "Invalid Transaction".to_string(),
            TxError::Unknown(_) => "Unknown Transaction Validity".to_string(),
            other => other.to_string(),
        }
    }

    /// The JSON-RPC error data (clients string-match it).
    pub fn data(&self) -> Option<String> {
        match self {
            TxError::BadFormat(_) => None,
            TxError::Invalid(i) => Some(i.to_string()),
            TxError::Unknown(u) => Some(u.to_string()),
            TxError::AlreadyImported(h) => Some(format!("0x{}", hex_lower(h))),
            TxError::TooLowPriority => Some(
                "The transaction has too low priority to replace another transaction already in the pool."
                    .to_string(),
            ),
        }
    }
}

/// The name of subtensor's pallet at `index` (runtime `construct_runtime!` order).
pub fn pallet_name(index: u8) -> &'static str {
    match index {
        0 => "System",
        1 => "RandomnessCollectiveFlip",
        2 => "Timestamp",
        3 => "Aura",
        4 => "Grandpa",
        5 => "Balances",
        6 => "TransactionPayment",
        7 => "SubtensorModule",
        11 => "Utility",
        12 => "Sudo",
        13 => "Multisig",
        14 => "Preimage",
        15 => "Scheduler",
        16 => "Proxy",
        17 => "Registry",
        18 => "Commitments",
        19 => "AdminUtils",
        20 => "SafeMode",
        21 => "Ethereum",
        22 => "EVM",
        23 => "EVMChainId",
        25 => "BaseFee",
        26 => "Drand",
        27 => "Crowdloan",
        28 => "Swap",
        29 => "Contracts",
        30 => "MevShield",
        _ => "unknown",
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash clients use to find their extrinsic: blake2_256 of the length-prefixed bytes.
pub fn extrinsic_hash(encoded: &[u8]) -> H256 {
    blake2_256(encoded)
}

/// Decodes length-prefixed v4 extrinsic bytes.
pub fn decode(bytes: &[u8]) -> Result<UncheckedExtrinsic, TxError> {
    let bad = |e: parity_scale_codec::Error| TxError::BadFormat(e.to_string());
    let mut input = bytes;
    let len = Compact::<u32>::decode(&mut input).map_err(bad)?.0 as usize;
    if len != input.len() {
        return Err(TxError::BadFormat(
            "length prefix does not match the extrinsic".to_string(),
        ));
    }
    let Some((&version, rest)) = input.split_first() else {
        return Err(TxError::BadFormat("empty extrinsic".to_string()));
    };
    input = rest;
    match version {
        SIGNED_V4 => {}
        UNSIGNED_V4 => return Err(TxError::Unknown(UnknownValidity::NoUnsignedValidator)),
        _ => {
            return Err(TxError::BadFormat(
                "Invalid transaction version".to_string(),
            ))
        }
    }
    let Some((&address_kind, rest)) = input.split_first() else {
        return Err(TxError::BadFormat("missing signer".to_string()));
    };
    if address_kind != 0 {
        return Err(TxError::Unknown(UnknownValidity::CannotLookup));
    }
    input = rest;
    let signer = AccountId::decode(&mut input).map_err(bad)?;
    let signature = MultiSignature::decode(&mut input).map_err(bad)?;
    let extra = SignedExtra::decode(&mut input).map_err(bad)?;
    if input.is_empty() {
        return Err(TxError::BadFormat("missing call".to_string()));
    }
    Ok(UncheckedExtrinsic {
        signer,
        signature,
        extra,
        call: input.to_vec(),
    })
}

/// The bytes an extrinsic's signature covers (hashed first when longer than 256 bytes).
pub fn signing_payload(
    call: &[u8],
    extra: &SignedExtra,
    ctx: &SigningContext,
    birth_hash: &H256,
) -> Vec<u8> {
    let mut payload = Vec::with_capacity(call.len() + 90);
    payload.extend_from_slice(call);
    extra.encode_to(&mut payload);
    ctx.spec_version.encode_to(&mut payload);
    ctx.transaction_version.encode_to(&mut payload);
    payload.extend_from_slice(&ctx.genesis_hash);
    payload.extend_from_slice(birth_hash);
    // CheckMetadataHash's implicit data: the runtime carries no metadata hash, so it is always None.
    payload.push(0);
    if payload.len() > 256 {
        blake2_256(&payload).to_vec()
    } else {
        payload
    }
}

fn assemble(
    signer: &AccountId,
    signature: &MultiSignature,
    extra: &SignedExtra,
    call: &[u8],
) -> Vec<u8> {
    let mut body = Vec::with_capacity(call.len() + 110);
    body.push(SIGNED_V4);
    body.push(0); // MultiAddress::Id
    signer.encode_to(&mut body);
    signature.encode_to(&mut body);
    extra.encode_to(&mut body);
    body.extend_from_slice(call);
    let mut out = Compact(body.len() as u32).encode();
    out.extend_from_slice(&body);
    out
}

/// Builds and signs an extrinsic exactly as subxt and the Python SDK do: the length-prefixed bytes ready
/// for `author_submitExtrinsic`. `birth_hash` is the hash of the era's birth block (genesis if immortal).
pub fn encode_signed(
    signer: &Keypair,
    call: &Call,
    extra: SignedExtra,
    ctx: &SigningContext,
    birth_hash: &H256,
) -> Vec<u8> {
    let call = call.encode();
    let payload = signing_payload(&call, &extra, ctx, birth_hash);
    let signature = MultiSignature::Sr25519(signer.sign(&payload));
    assemble(&signer.account_id(), &signature, &extra, &call)
}

/// How an in-process actor's extrinsic appears in a block body: a v4 signed extrinsic from its real
/// signer and nonce, immortal, with an all-zero signature (in-process actors are trusted and hold no
/// keys in the node). Clients decode it like any other; it never verifies, so it cannot be replayed
/// over RPC.
pub fn encode_in_process(ext: &Extrinsic) -> Vec<u8> {
    assemble(
        &ext.signer,
        &MultiSignature::Sr25519([0u8; 64]),
        &SignedExtra::immortal(ext.nonce),
        &ext.call.encode(),
    )
}

/// An extrinsic that passed every check a pool makes at submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedExtrinsic {
    /// What the chain applies.
    pub extrinsic: Extrinsic,
    /// The exact bytes submitted (they go into the block body).
    pub encoded: Vec<u8>,
    /// [`extrinsic_hash`] of `encoded`.
    pub hash: H256,
    /// Its mortality.
    pub era: Era,
    /// The era's birth block number (0 when immortal).
    pub birth: u32,
    /// The tip in rao.
    pub tip: u64,
}

impl CheckedExtrinsic {
    /// Whether it may still be included in block `number` (its era has not run out).
    pub fn alive_at(&self, number: u32) -> bool {
        match self.era {
            Era::Immortal => true,
            Era::Mortal { period, .. } => u64::from(number) < u64::from(self.birth) + period,
        }
    }
}

/// The call of a decoded signed extrinsic, once its sr25519 signature over the signing payload (with
/// `birth_hash` for its era) verifies: `BadProof` otherwise, and `Call(pallet, index)` for a call this
/// chain does not dispatch.
pub fn verified_call(
    uxt: &UncheckedExtrinsic,
    ctx: &SigningContext,
    birth_hash: &H256,
) -> Result<Call, TxError> {
    let payload = signing_payload(&uxt.call, &uxt.extra, ctx, birth_hash);
    let verified = match &uxt.signature {
        MultiSignature::Sr25519(sig) => keys::verify(&uxt.signer, &payload, sig),
        MultiSignature::Ed25519(_) | MultiSignature::Ecdsa(_) => false,
    };
    if !verified {
        return Err(TxError::Invalid(Invalidity::BadProof));
    }
    Call::decode_all(&mut uxt.call.as_slice()).map_err(|_| {
        let pallet = uxt.call.first().copied().unwrap_or(0);
        let index = uxt.call.get(1).copied().unwrap_or(0);
        TxError::Invalid(Invalidity::Call(pallet, index))
    })
}

/// Decodes `bytes` and runs the pool's checks against the best state of `chain`: mortality (the birth
/// block must be known; the chain keeps every header, so a birth block is never "ancient" while the era
/// lasts), the sr25519 signature over the real signing payload, the call, the nonce (a used nonce is
/// stale; a future nonce passes here and waits in the pool), the fee (see [`crate::fees`]) against
/// the free balance, and subtensor's own pool checks ([`subtensor_extension`]).
pub fn check(
    bytes: &[u8],
    chain: &Chain,
    spec_version: u32,
    transaction_version: u32,
) -> Result<CheckedExtrinsic, TxError> {
    let uxt = decode(bytes)?;
    if uxt.signer == AccountId::ZERO {
        return Err(TxError::Invalid(Invalidity::BadSigner));
    }
    // The pool validates against the block after the best one.
    let current = u64::from(chain.best_number()) + 1;
    let birth = uxt.extra.era.birth(current);
    let birth = u32::try_from(birth)
        .ok()
        .filter(|b| *b <= chain.best_number())
        .ok_or(TxError::Invalid(Invalidity::AncientBirthBlock))?;
    let birth_hash = chain
        .header(birth)
        .map(|h| h.hash())
        .ok_or(TxError::Invalid(Invalidity::AncientBirthBlock))?;
    let ctx = SigningContext {
        spec_version,
        transaction_version,
        genesis_hash: chain.genesis_hash(),
    };
    let call = verified_call(&uxt, &ctx, &birth_hash)?;
    crate::mev_shield::validate_wrapper(&call, uxt.extra.era).map_err(TxError::Invalid)?;
    if uxt.extra.nonce < chain.account_nonce(&uxt.signer) {
        return Err(TxError::Invalid(Invalidity::Stale));
    }
    let fee = crate::fees::fee_for(&call, bytes.len(), uxt.extra.tip).total();
    if !crate::fees::can_pay(chain.storage(), &uxt.signer, fee) {
        return Err(TxError::Invalid(Invalidity::Payment));
    }
    subtensor_extension(chain.storage(), current, &uxt.signer, &call)
        .map_err(|e| TxError::Invalid(Invalidity::Custom(custom_error_code(e))))?;
    Ok(CheckedExtrinsic {
        extrinsic: Extrinsic {
            signer: uxt.signer,
            nonce: uxt.extra.nonce,
            call,
        },
        encoded: bytes.to_vec(),
        hash: extrinsic_hash(bytes),
        era: uxt.extra.era,
        birth,
        tip: uxt.extra.tip,
    })
}

/// `SubtensorTransactionExtension::validate` (subtensor main, `extensions/subtensor.rs`): the checks a
/// node runs on a signed top-level `SubtensorModule` call before it enters the pool, at the block
/// `block` being built. Main checks only these calls (staking calls are not checked here; their errors
/// surface at dispatch as `ExtrinsicFailed`):
///
/// - the weights calls (`set_weights`, `commit_weights`, `reveal_weights`, their mechanism and batch
///   forms): `CheckWeights` (batch lengths, stake threshold, the reveals' commits and window) then
///   `CheckRateLimits` (the weights rate limit; `set_weights` only while commit-reveal is off), as
///   [`weights::guard`];
/// - `register_network`: `NetworkRateLimit` blocks since the last subnet registration
///   (`NetworkTxRateLimitExceeded`);
/// - `increase_take` / `decrease_take`: `CheckDelegateTake` ([`delegate::guard`]);
/// - `serve_axon` / `serve_axon_tls` / `serve_prometheus`: `CheckServingEndpoints`
///   ([`serving::axon_guard`], [`serving::prometheus_guard`]).
///
/// `CheckColdkeySwap` and `CheckEvmKeyAssociation` cannot fail on taonet: it has no coldkey-swap
/// announcements and no `associate_evm_key`. Calls inside `sudo` or `MevShield.submit_encrypted` are
/// not checked here (nor on subtensor, which looks at the outer call only).
///
/// [`weights::guard`]: crate::weights::guard
/// [`delegate::guard`]: crate::delegate::guard
/// [`serving::axon_guard`]: crate::serving::axon_guard
/// [`serving::prometheus_guard`]: crate::serving::prometheus_guard
pub fn subtensor_extension(
    s: &Storage,
    block: u64,
    who: &AccountId,
    call: &Call,
) -> Result<(), SubtensorError> {
    use crate::weights::{self, WeightsCall};
    let Call::SubtensorModule(call) = call else {
        return Ok(());
    };
    if let Some(weights_call) = WeightsCall::of(call) {
        return weights::guard(s, block, who, weights_call);
    }
    match call {
        SubtensorCall::register_network { .. } => {
            let last = NetworkLastRegistered::get(s);
            if last != 0 && block.saturating_sub(last) < NetworkRateLimit::get(s) {
                Err(SubtensorError::NetworkTxRateLimitExceeded)
            } else {
                Ok(())
            }
        }
        SubtensorCall::increase_take { hotkey, take }
        | SubtensorCall::decrease_take { hotkey, take } => {
            crate::delegate::guard(s, who, hotkey, *take)
        }
        SubtensorCall::serve_axon {
            netuid,
            ip,
            port,
            ip_type,
            ..
        }
        | SubtensorCall::serve_axon_tls {
            netuid,
            ip,
            port,
            ip_type,
            ..
        } => crate::serving::axon_guard(s, block, who, *netuid, *ip, *port, *ip_type),
        SubtensorCall::serve_prometheus {
            netuid,
            ip,
            port,
            ip_type,
            ..
        } => crate::serving::prometheus_guard(s, block, who, *netuid, *ip, *port, *ip_type),
        _ => Ok(()),
    }
}

/// The `InvalidTransaction::Custom` code subtensor reports for a pallet error raised in the pool
/// (`From<Error<T>> for CustomTransactionError` and `common/src/transaction_error.rs`); 255
/// (`BadRequest`) for any error without a code of its own.
pub fn custom_error_code(error: SubtensorError) -> u8 {
    use SubtensorError as E;
    match error {
        E::AmountTooLow | E::NotEnoughStakeToSetWeights => 1,
        E::NotEnoughBalanceToStake => 2,
        E::SubnetNotExists => 3,
        E::HotKeyAccountNotExists => 4,
        E::NotEnoughStakeToWithdraw => 5,
        E::CommittingWeightsTooFast | E::SettingWeightsTooFast | E::NetworkTxRateLimitExceeded => 6,
        E::InsufficientLiquidity => 7,
        E::SlippageTooHigh => 8,
        E::TransferDisallowed => 9,
        E::HotKeyNotRegisteredInNetwork => 10,
        E::InvalidIpAddress => 11,
        E::ServingRateLimitExceeded => 12,
        E::InvalidPort => 13,
        E::NoWeightsCommitFound => 16,
        E::RevealTooEarly => 17,
        E::InputLengthsUnequal => 18,
        E::HotKeyNotRegisteredInSubNet => 19,
        E::EvmKeyAssociateRateLimitExceeded => 20,
        E::NonAssociatedColdKey => 25,
        E::DelegateTakeTooLow => 26,
        E::DelegateTakeTooHigh => 27,
        _ => 255,
    }
}

#[cfg(test)]
#[path = "transaction_tests.rs"]
mod tests;
