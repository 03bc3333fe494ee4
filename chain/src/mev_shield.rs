//! The MEV shield (subtensor's `pallet_shield`, index 30): the block author's ML-KEM-768 keys and the
//! decryption of `MevShield.submit_encrypted` wrappers.
//!
//! What a client sees is subtensor's (`pallets/shield` and the block proposer of its node):
//! - Storage `CurrentKey`, `PendingKey`, `NextKey` (ML-KEM-768 encapsulation keys, 1184 bytes),
//!   `AuthorKeys`, `PendingKeyExpiresAt`, `NextKeyExpiresAt`. Every block starts with the
//!   `announce_next_key` inherent's rotation: `CurrentKey ← PendingKey`, `PendingKey ← NextKey`,
//!   `NextKey ← AuthorKeys[next-next author]`, then `AuthorKeys[author] ←` the key the author announces.
//!   A client encrypts to `NextKey`, the key of the block after next.
//! - `submit_encrypted(ciphertext)`, `ciphertext = key_hash(16) ‖ kem_len u16 LE ‖ kem_ct ‖ nonce(24) ‖
//!   aead_ct`, where `key_hash = twox_128(encapsulation key)`, `kem_ct` is the ML-KEM-768 ciphertext and
//!   `aead_ct` the XChaCha20-Poly1305 encryption (key: the raw shared secret, empty associated data) of
//!   a whole signed extrinsic, length prefix included (what `bittensor_drand.encrypt_mlkem768(pk,
//!   extrinsic, include_key_hash=True)` produces).
//! - The pool rejects a wrapper whose ciphertext does not parse (`Custom error: 23`,
//!   `FailedShieldedTxParsing`) or whose era is immortal or longer than 8 blocks (`Stale`).
//! - The author only includes a wrapper sealed to its key for the block it builds (`key_hash` equal to
//!   `twox_128(PendingKey)` of the parent); other wrappers wait in the pool until their era runs out.
//!   Right after an included wrapper (which deposits `EncryptedSubmitted { id, who }`), the author
//!   decrypts it and applies the inner extrinsic like any other: signature, era, nonce and fee are
//!   checked, and it lands in the same block, so its hash (what btcli waits for) is in the block body.
//!   A wrapper that does not decrypt, or whose inner extrinsic is not valid, leaves no inner extrinsic
//!   (subtensor's proposer drops it silently too).
//!
//! taonet's one author is the chain itself. Its key pairs come from a seed fixed by the genesis state
//! (so a topology and its seed give the same keys and block hashes on every run) and change once per
//! key slot of [`KEY_SLOT_MS`] of chain time: every block at subtensor's 12 s pace, every
//! `12000 / block_time` blocks on a faster devnet, so `NextKey` changes about as often in wall-clock
//! time as on the real chain and a slow client (btcli takes a few RPC round trips between reading it and
//! submitting) rarely races a change. A wrapper sealed to the previous key slot's key is still
//! decrypted (a grace taonet adds: subtensor's authors only take their current key), so a client that
//! read `NextKey` just before a change has a whole key slot to submit. (Subtensor's authors roll their
//! key every block they author; its single-author dev node keeps one key for good.)

use crate::call::Call;
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::event::Event;
use crate::runtime::EncodedExtrinsic;
use crate::storage::{Storage, Twox64Concat};
use crate::transaction::{self, Era, Invalidity, SigningContext, TxError};
use crate::types::{AccountId, H256};
use crate::{storage_map, storage_value};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ml_kem::{Decapsulate, DecapsulationKey, KeyExport, MlKem768, Seed};
use parity_scale_codec::{Decode, Encode};
use scale_info::build::Fields;
use scale_info::{meta_type, Path, Type, TypeInfo, TypeParameter};
use sp_crypto_hashing::{blake2_256, blake2_512, twox_128};

/// The pallet's name (storage prefix).
pub const PALLET: &str = "MevShield";
/// The pallet's index in subtensor's runtime.
pub const PALLET_INDEX: u8 = 30;
/// Length of an ML-KEM-768 encapsulation (public) key.
pub const ENC_KEY_LEN: usize = 1184;
/// Length of an ML-KEM-768 ciphertext.
pub const KEM_CIPHERTEXT_LEN: usize = 1088;
/// Length of the key hash that starts a ciphertext (`twox_128`).
pub const KEY_HASH_LEN: usize = 16;
/// Length of the XChaCha20-Poly1305 nonce.
pub const NONCE_LEN: usize = 24;
/// Bound of `ShieldEncKey` (`BoundedVec<u8, ConstU32<2048>>`).
pub const MAX_ENC_KEY_LEN: u32 = 2048;
/// Bound of `submit_encrypted`'s ciphertext (`BoundedVec<u8, ConstU32<8192>>`).
pub const MAX_CIPHERTEXT_LEN: u32 = 8192;
/// The longest era (in blocks) a `submit_encrypted` may be signed with (subtensor's `CheckMortality`).
pub const MAX_SHIELD_ERA_PERIOD: u64 = 8;
/// `CustomTransactionError::FailedShieldedTxParsing`: the pool's rejection of an unparseable ciphertext.
pub const FAILED_SHIELDED_TX_PARSING: u8 = 23;
/// Chain time one author key serves (subtensor's slot: 12 s).
pub const KEY_SLOT_MS: u64 = 12_000;

/// `bounded_collections::bounded_vec::BoundedVec<u8, ConstU32<MAX>>`: bytes that fail to decode when
/// longer than `MAX`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundedBytes<const MAX: u32>(pub Vec<u8>);

impl<const MAX: u32> Encode for BoundedBytes<MAX> {
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        self.0.encode_to(dest);
    }
}

impl<const MAX: u32> Decode for BoundedBytes<MAX> {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        let bytes = Vec::<u8>::decode(input)?;
        if bytes.len() > MAX as usize {
            return Err("BoundedVec exceeds its limit".into());
        }
        Ok(BoundedBytes(bytes))
    }
}

impl<const MAX: u32> TypeInfo for BoundedBytes<MAX> {
    type Identity = Self;

    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("BoundedVec", "bounded_collections::bounded_vec"))
            .type_params(vec![
                TypeParameter::new("T", Some(meta_type::<u8>())),
                TypeParameter::new("S", None),
            ])
            .composite(Fields::unnamed().field(|f| f.ty::<Vec<u8>>().type_name("Vec<T>")))
    }
}

/// `stp_shield::ShieldEncKey`: an ML-KEM encapsulation key as announced.
pub type ShieldEncKey = BoundedBytes<MAX_ENC_KEY_LEN>;
/// `submit_encrypted`'s ciphertext.
pub type ShieldCiphertext = BoundedBytes<MAX_CIPHERTEXT_LEN>;

/// `sp_consensus_aura::sr25519::app_sr25519::Public`: an Aura authority (the author's sr25519 key).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct AuraId(pub [u8; 32]);

impl TypeInfo for AuraId {
    type Identity = Self;

    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "Public",
                "sp_consensus_aura::sr25519::app_sr25519",
            ))
            .composite(Fields::unnamed().field(|f| f.ty::<[u8; 32]>().type_name("sr25519::Public")))
    }
}

/// MevShield calls (index 30), with subtensor's call indices and argument names.
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum MevShieldCall {
    /// Rotate the key pipeline and announce the author's ML-KEM encapsulation key (an inherent: taonet
    /// runs its effect at the start of every block; a signed one fails with `BadOrigin`).
    #[codec(index = 0)]
    announce_next_key {
        /// The author's next encapsulation key (`None` on node failure).
        enc_key: Option<ShieldEncKey>,
    },
    /// Submit an encrypted signed extrinsic for the block author to decrypt and include.
    #[codec(index = 1)]
    submit_encrypted {
        /// `key_hash ‖ kem_len ‖ kem_ct ‖ nonce ‖ aead_ct` (see the module docs).
        ciphertext: ShieldCiphertext,
    },
}

/// MevShield events (index 30).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum MevShieldEvent {
    /// Encrypted wrapper accepted.
    #[codec(index = 0)]
    EncryptedSubmitted {
        /// `blake2_256((who, ciphertext))`.
        id: H256,
        /// The wrapper's signer.
        who: AccountId,
    },
}

impl From<MevShieldEvent> for Event {
    fn from(e: MevShieldEvent) -> Self {
        Event::MevShield(e)
    }
}

/// MevShield errors (index 30), in subtensor's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum MevShieldError {
    /// The announced ML‑KEM encapsulation key length is invalid.
    BadEncKeyLen,
    /// Unreachable.
    Unreachable,
    /// Too many pending extrinsics in storage.
    TooManyPendingExtrinsics,
    /// Weight exceeds the absolute maximum (half of total block weight).
    WeightExceedsAbsoluteMax,
}

storage_value!(
    /// The current block author's encapsulation key (the one this block's wrappers were sealed to).
    CurrentKey: PALLET, ShieldEncKey = ShieldEncKey::default()
);
storage_value!(
    /// The next block author's key, staged before it becomes `CurrentKey`.
    PendingKey: PALLET, ShieldEncKey = ShieldEncKey::default()
);
storage_value!(
    /// The key clients encrypt to: the author's key for the block after next.
    NextKey: PALLET, ShieldEncKey = ShieldEncKey::default()
);
storage_map!(
    /// Each author's latest announced encapsulation key.
    AuthorKeys: PALLET, Twox64Concat, AuraId => ShieldEncKey = ShieldEncKey::default()
);
storage_value!(
    /// The first block at which `PendingKey` is no longer valid.
    PendingKeyExpiresAt: PALLET, u32 = 0
);
storage_value!(
    /// The first block at which `NextKey` is no longer valid.
    NextKeyExpiresAt: PALLET, u32 = 0
);

/// The block author's key pairs: one per key slot, derived from a seed.
#[derive(Clone, Debug)]
pub struct AuthorKeystore {
    seed: [u8; 32],
    /// Blocks per key slot (at least 1).
    period: u32,
}

impl AuthorKeystore {
    /// The keystore of a chain whose genesis fixes `seed` and whose blocks are `block_time_ms` apart.
    pub fn new(seed: [u8; 32], block_time_ms: u64) -> Self {
        let period = (KEY_SLOT_MS / block_time_ms.max(1)).clamp(1, u64::from(u32::MAX));
        AuthorKeystore {
            seed,
            period: u32::try_from(period).unwrap_or(u32::MAX),
        }
    }

    /// How many blocks one key serves.
    pub fn period(&self) -> u32 {
        self.period
    }

    /// The key slot of block `number`.
    pub fn slot(&self, number: u32) -> u32 {
        number / self.period
    }

    /// The decapsulation key the author decrypts block `number`'s wrappers with.
    pub fn decapsulation_key(&self, number: u32) -> DecapsulationKey<MlKem768> {
        let mut input = Vec::with_capacity(64);
        input.extend_from_slice(b"taonet/mev-shield/author-key");
        input.extend_from_slice(&self.seed);
        input.extend_from_slice(&self.slot(number).to_le_bytes());
        DecapsulationKey::from_seed(Seed::from(blake2_512(&input)))
    }

    /// The encapsulation key of block `number`'s author (what clients encrypt to).
    pub fn encapsulation_key(&self, number: u32) -> ShieldEncKey {
        BoundedBytes(
            self.decapsulation_key(number)
                .encapsulation_key()
                .to_bytes()
                .to_vec(),
        )
    }
}

/// The author's Aura id: its sr25519 public key, which is its account id.
pub fn aura_id(author: &AccountId) -> AuraId {
    AuraId(author.0)
}

/// Copies the value under `from` to `to` (removes `to` when `from` is absent). The keys stay the same for
/// a whole key slot, so this usually finds them equal and copies nothing: no 1184-byte copy, no
/// state-root update.
fn copy_value(s: &mut Storage, from: &[u8], to: &[u8]) {
    match s.get_raw(from) {
        Some(value) if s.get_raw(to) == Some(value) => {}
        Some(value) => {
            let value = value.to_vec();
            s.put_raw_slice(to, &value);
        }
        None => s.remove(to),
    }
}

/// The genesis state of the pipeline: every key in place, as if the author had announced its keys for
/// blocks 0 to 3 already, so clients can shield from the first block on.
pub fn genesis(s: &mut Storage, keystore: &AuthorKeystore, author: &AccountId) {
    CurrentKey::put(s, keystore.encapsulation_key(0));
    PendingKey::put(s, keystore.encapsulation_key(1));
    NextKey::put(s, keystore.encapsulation_key(2));
    AuthorKeys::insert(s, &aura_id(author), keystore.encapsulation_key(3));
    PendingKeyExpiresAt::put(s, 2);
    NextKeyExpiresAt::put(s, 3);
}

/// The `announce_next_key` inherent of block `number` (subtensor's steps 1–5), with the single author
/// announcing its key for block `number + 3`, so that `NextKey` is the key of block `number + 2` and the
/// key this block's wrappers must be sealed to becomes `CurrentKey`.
pub fn rotate(s: &mut Storage, keystore: &AuthorKeystore, author: &AccountId, number: u32) {
    let author_key = AuthorKeys::key_buf(&aura_id(author));
    // Each step reads a key before a later step overwrites it, so copying in this order moves every
    // key one place down the pipeline.
    copy_value(s, PendingKey::key(), CurrentKey::key());
    copy_value(s, NextKey::key(), PendingKey::key());
    // The next-next author is the author itself.
    copy_value(s, &author_key, NextKey::key());
    let announce = number.saturating_add(3);
    // The author announces the key it already announced while the key slot lasts.
    if keystore.slot(announce) != keystore.slot(announce - 1) || !s.contains(&author_key) {
        s.put_raw_slice(&author_key, &keystore.encapsulation_key(announce).encode());
    }
    if s.contains(PendingKey::key()) {
        PendingKeyExpiresAt::put(s, number.saturating_add(2));
    } else {
        PendingKeyExpiresAt::kill(s);
    }
    if s.contains(NextKey::key()) {
        NextKeyExpiresAt::put(s, number.saturating_add(3));
    } else {
        NextKeyExpiresAt::kill(s);
    }
}

/// Why a ciphertext does not parse (`stp_shield::ParsingError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Fewer than 16 bytes.
    #[error("truncated key hash")]
    TruncatedKeyHash,
    /// No room for the u16 KEM length.
    #[error("truncated KEM length")]
    TruncatedKemLen,
    /// The KEM length runs past the end.
    #[error("KEM length exceeds the remaining bytes")]
    KemLenExceedsRemaining,
    /// No room for the 24-byte nonce.
    #[error("truncated nonce")]
    TruncatedNonce,
    /// Nothing after the nonce.
    #[error("missing AEAD ciphertext")]
    MissingAead,
}

/// A parsed `submit_encrypted` ciphertext (`stp_shield::ShieldedTransaction`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShieldedTransaction {
    /// `twox_128` of the encapsulation key it was sealed to.
    pub key_hash: [u8; KEY_HASH_LEN],
    /// The ML-KEM ciphertext.
    pub kem_ct: Vec<u8>,
    /// The XChaCha20-Poly1305 nonce.
    pub nonce: [u8; NONCE_LEN],
    /// The AEAD ciphertext (tag included).
    pub aead_ct: Vec<u8>,
}

impl ShieldedTransaction {
    /// Splits `key_hash(16) ‖ kem_len u16 LE ‖ kem_ct ‖ nonce(24) ‖ aead_ct`.
    pub fn parse(ciphertext: &[u8]) -> Result<Self, ParseError> {
        let (key_hash, rest) = ciphertext
            .split_first_chunk::<KEY_HASH_LEN>()
            .ok_or(ParseError::TruncatedKeyHash)?;
        let (kem_len, rest) = rest
            .split_first_chunk::<2>()
            .ok_or(ParseError::TruncatedKemLen)?;
        let kem_len = usize::from(u16::from_le_bytes(*kem_len));
        if rest.len() < kem_len {
            return Err(ParseError::KemLenExceedsRemaining);
        }
        let (kem_ct, rest) = rest.split_at(kem_len);
        let (nonce, aead_ct) = rest
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(ParseError::TruncatedNonce)?;
        if aead_ct.is_empty() {
            return Err(ParseError::MissingAead);
        }
        Ok(ShieldedTransaction {
            key_hash: *key_hash,
            kem_ct: kem_ct.to_vec(),
            nonce: *nonce,
            aead_ct: aead_ct.to_vec(),
        })
    }
}

/// Why the author could not unshield a wrapper.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnshieldError {
    /// The KEM ciphertext is not an ML-KEM-768 ciphertext.
    #[error("the KEM ciphertext has {0} bytes, not {KEM_CIPHERTEXT_LEN}")]
    KemLength(usize),
    /// Authentication failed: wrong key, or tampered bytes.
    #[error("AEAD decryption failed")]
    Aead,
    /// The plaintext is empty.
    #[error("empty plaintext")]
    Empty,
    /// The plaintext is not a valid signed extrinsic.
    #[error("inner extrinsic: {0}")]
    Inner(TxError),
}

/// The ciphertext of a `submit_encrypted` call, if `call` is one.
pub fn wrapper_ciphertext(call: &Call) -> Option<&[u8]> {
    match call {
        Call::MevShield(MevShieldCall::submit_encrypted { ciphertext }) => Some(&ciphertext.0),
        _ => None,
    }
}

/// The pool's checks of a `submit_encrypted` (subtensor's `CheckShieldedTxValidity` and its
/// `CheckMortality`): the era must be mortal and at most 8 blocks, the ciphertext must parse.
pub fn validate_wrapper(call: &Call, era: Era) -> Result<(), Invalidity> {
    let Some(ciphertext) = wrapper_ciphertext(call) else {
        return Ok(());
    };
    match era {
        Era::Mortal { period, .. } if period <= MAX_SHIELD_ERA_PERIOD => {}
        _ => return Err(Invalidity::Stale),
    }
    ShieldedTransaction::parse(ciphertext)
        .map(|_| ())
        .map_err(|_| Invalidity::Custom(FAILED_SHIELDED_TX_PARSING))
}

/// The block whose author key a wrapper sealed to `key_hash` was encrypted to, if the author of block
/// `number` still decrypts it: the block's `CurrentKey` (the parent's `PendingKey`, after this block's
/// rotation), or, as a grace for a client that read `NextKey` just before a key change and submitted
/// after it, the key of the previous key slot. Without the grace a client whose few RPC round trips
/// straddle a change would see its wrapper wait in the pool until its era ran out.
pub fn sealed_for(
    s: &Storage,
    keystore: &AuthorKeystore,
    number: u32,
    key_hash: &[u8; KEY_HASH_LEN],
) -> Option<u32> {
    let current = s
        .get_raw(CurrentKey::key())
        .and_then(|raw| ShieldEncKey::decode(&mut &raw[..]).ok())
        .is_some_and(|key| twox_128(&key.0) == *key_hash);
    if current {
        return Some(number);
    }
    let previous = number.checked_sub(keystore.period())?;
    (twox_128(&keystore.encapsulation_key(previous).0) == *key_hash).then_some(previous)
}

/// Decrypts `tx` with `dk`: ML-KEM-768 decapsulation, then XChaCha20-Poly1305 with the shared secret as
/// the key and no associated data.
pub fn decrypt(
    dk: &DecapsulationKey<MlKem768>,
    tx: &ShieldedTransaction,
) -> Result<Vec<u8>, UnshieldError> {
    let kem_ct = ml_kem::Ciphertext::<MlKem768>::try_from(tx.kem_ct.as_slice())
        .map_err(|_| UnshieldError::KemLength(tx.kem_ct.len()))?;
    let shared = dk.decapsulate(&kem_ct);
    let aead = XChaCha20Poly1305::new(&shared);
    let plaintext = aead
        .decrypt(&XNonce::from(tx.nonce), tx.aead_ct.as_slice())
        .map_err(|_| UnshieldError::Aead)?;
    if plaintext.is_empty() {
        return Err(UnshieldError::Empty);
    }
    Ok(plaintext)
}

/// What checking an inner extrinsic needs from the chain besides its state.
pub struct InnerContext<'a> {
    /// The block being built.
    pub number: u32,
    /// The genesis hash (`CheckGenesis`).
    pub genesis_hash: H256,
    /// The hash of an earlier block, for the era's birth block (`CheckMortality`).
    pub block_hash: &'a dyn Fn(u32) -> Option<H256>,
}

/// Checks decrypted bytes as the block builder checks any extrinsic before applying it: a signed v4
/// extrinsic from a non-zero signer, alive in this block, with a valid sr25519 signature over the real
/// signing payload and a call this chain dispatches. Nonce and fee are checked when it is applied.
pub fn check_inner(bytes: &[u8], cx: &InnerContext<'_>) -> Result<EncodedExtrinsic, TxError> {
    let uxt = transaction::decode(bytes)?;
    if uxt.signer == AccountId::ZERO {
        return Err(TxError::Invalid(Invalidity::BadSigner));
    }
    let current = u64::from(cx.number);
    let birth = uxt.extra.era.birth(current);
    if current >= uxt.extra.era.death(current) {
        return Err(TxError::Invalid(Invalidity::AncientBirthBlock));
    }
    let birth_hash = u32::try_from(birth)
        .ok()
        .filter(|b| *b < cx.number)
        .and_then(|b| (cx.block_hash)(b))
        .ok_or(TxError::Invalid(Invalidity::AncientBirthBlock))?;
    let ctx = SigningContext {
        spec_version: crate::metadata::SPEC_VERSION,
        transaction_version: crate::metadata::apis::TRANSACTION_VERSION,
        genesis_hash: cx.genesis_hash,
    };
    let call = transaction::verified_call(&uxt, &ctx, &birth_hash)?;
    Ok(EncodedExtrinsic {
        extrinsic: crate::runtime::Extrinsic {
            signer: uxt.signer,
            nonce: uxt.extra.nonce,
            call,
        },
        encoded: bytes.to_vec(),
    })
}

/// The author's unshielding of an included wrapper: decrypt with the key of block `sealed_for` (see
/// [`sealed_for`]), then check the inner extrinsic ([`check_inner`]) for block `cx.number`.
pub fn unshield(
    keystore: &AuthorKeystore,
    tx: &ShieldedTransaction,
    sealed_for: u32,
    cx: &InnerContext<'_>,
) -> Result<EncodedExtrinsic, UnshieldError> {
    let plaintext = decrypt(&keystore.decapsulation_key(sealed_for), tx)?;
    check_inner(&plaintext, cx).map_err(UnshieldError::Inner)
}

/// The wrapper id of `EncryptedSubmitted`: `BlakeTwo256::hash_of(&(who, ciphertext))`.
pub fn wrapper_id(who: &AccountId, ciphertext: &ShieldCiphertext) -> H256 {
    blake2_256(&(who, ciphertext).encode())
}

/// Dispatches a signed MevShield call.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &MevShieldCall,
) -> Result<(), DispatchError> {
    match call {
        // An inherent: `ensure_none` rejects a signed origin.
        MevShieldCall::announce_next_key { .. } => Err(DispatchError::BadOrigin),
        MevShieldCall::submit_encrypted { ciphertext } => {
            ctx.deposit(MevShieldEvent::EncryptedSubmitted {
                id: wrapper_id(who, ciphertext),
                who: *who,
            });
            Ok(())
        }
    }
}

/// Subtensor's benchmarked weight of `call` as `(ref_time, proof_size, reads, writes)`
/// (`pallets/shield/src/weights.rs`).
pub fn weight_parts(call: &MevShieldCall) -> (u64, u64, u64, u64) {
    match call {
        MevShieldCall::announce_next_key { .. } => (33_661_000, 5_555, 4, 6),
        MevShieldCall::submit_encrypted { .. } => (207_223_000, 0, 0, 0),
    }
}

#[cfg(test)]
#[path = "mev_shield_tests.rs"]
mod tests;
