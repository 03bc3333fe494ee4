//! Unit tests of the MEV shield: the ciphertext layout, decryption of a real client's ciphertext, the key
//! pipeline, and the block author unshielding wrappers (with a test-side encryptor following the format).

use super::*;
use crate::call::{BalancesCall, MultiAddress};
use crate::event::{BalancesEvent, Phase, SystemEvent};
use crate::keys::{dev_account, Keypair};
use crate::metadata::{apis::TRANSACTION_VERSION, SPEC_VERSION};
use crate::runtime::{Chain, Genesis, InvalidTransaction};
use crate::transaction::{encode_signed, SignedExtra};
use crate::types::RAO_PER_TAO;
use ml_kem::{EncapsulationKey, B32};
use parity_scale_codec::{Compact, DecodeAll};

/// `bittensor_drand.encrypt_mlkem768(pk, b"sealed by bittensor_drand 2.0.0", include_key_hash=True)`
/// (bittensor_drand 2.0.0, the version btcli 9.23.2 installs) with `pk` the encapsulation key of
/// `DecapsulationKey::from_seed([7; 64])`.
const DRAND_CIPHERTEXT: &str = include_str!("mev_shield_drand_fixture.hex");
const DRAND_PLAINTEXT: &[u8] = b"sealed by bittensor_drand 2.0.0";

fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The client side, written from the format: `twox_128(pk) ‖ kem_len ‖ kem_ct ‖ nonce ‖ aead_ct`.
fn seal(pk: &[u8], plaintext: &[u8], m: [u8; 32], nonce: [u8; NONCE_LEN]) -> Vec<u8> {
    let key = ml_kem::Key::<EncapsulationKey<MlKem768>>::try_from(pk).expect("1184-byte key");
    let ek = EncapsulationKey::<MlKem768>::new(&key).expect("valid key");
    let (kem_ct, shared) = ek.encapsulate_deterministic(&B32::from(m));
    let aead_ct = XChaCha20Poly1305::new(&shared)
        .encrypt(&XNonce::from(nonce), plaintext)
        .expect("encrypts");
    let mut out = twox_128(pk).to_vec();
    out.extend_from_slice(&(kem_ct.len() as u16).to_le_bytes());
    out.extend_from_slice(&kem_ct);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&aead_ct);
    out
}

#[test]
fn parse_splits_the_layout_and_names_each_truncation() {
    let mut ct = vec![0xCC; 16];
    ct.extend_from_slice(&4u16.to_le_bytes());
    ct.extend_from_slice(&[0xAA; 4]);
    ct.extend_from_slice(&[0xBB; 24]);
    ct.extend_from_slice(&[0xDD; 3]);
    let tx = ShieldedTransaction::parse(&ct).expect("parses");
    assert_eq!(tx.key_hash, [0xCC; 16]);
    assert_eq!(tx.kem_ct, vec![0xAA; 4]);
    assert_eq!(tx.nonce, [0xBB; 24]);
    assert_eq!(tx.aead_ct, vec![0xDD; 3]);

    assert_eq!(
        ShieldedTransaction::parse(&[]),
        Err(ParseError::TruncatedKeyHash)
    );
    assert_eq!(
        ShieldedTransaction::parse(&[0; 15]),
        Err(ParseError::TruncatedKeyHash)
    );
    assert_eq!(
        ShieldedTransaction::parse(&[0; 17]),
        Err(ParseError::TruncatedKemLen)
    );
    let mut long_kem = vec![0; 16];
    long_kem.extend_from_slice(&1088u16.to_le_bytes());
    long_kem.extend_from_slice(&[0; 10]);
    assert_eq!(
        ShieldedTransaction::parse(&long_kem),
        Err(ParseError::KemLenExceedsRemaining)
    );
    assert_eq!(
        ShieldedTransaction::parse(&ct[..16 + 2 + 4 + 20]),
        Err(ParseError::TruncatedNonce)
    );
    assert_eq!(
        ShieldedTransaction::parse(&ct[..16 + 2 + 4 + 24]),
        Err(ParseError::MissingAead)
    );
}

#[test]
fn decrypts_what_bittensor_drand_sealed() {
    let blob = unhex(DRAND_CIPHERTEXT);
    let dk = DecapsulationKey::<MlKem768>::from_seed(Seed::from([7u8; 64]));
    let pk = dk.encapsulation_key().to_bytes();
    assert_eq!(pk.len(), ENC_KEY_LEN);
    let tx = ShieldedTransaction::parse(&blob).expect("parses");
    assert_eq!(tx.key_hash, twox_128(&pk));
    assert_eq!(tx.kem_ct.len(), KEM_CIPHERTEXT_LEN);
    // 16 bytes of Poly1305 tag after the plaintext.
    assert_eq!(tx.aead_ct.len(), DRAND_PLAINTEXT.len() + 16);
    assert_eq!(decrypt(&dk, &tx), Ok(DRAND_PLAINTEXT.to_vec()));

    // Any other key's implicit rejection yields a secret the AEAD refuses.
    let other = DecapsulationKey::<MlKem768>::from_seed(Seed::from([8u8; 64]));
    assert_eq!(decrypt(&other, &tx), Err(UnshieldError::Aead));
    let mut tampered = tx.clone();
    tampered.aead_ct[0] ^= 1;
    assert_eq!(decrypt(&dk, &tampered), Err(UnshieldError::Aead));
    let mut short = tx;
    short.kem_ct.pop();
    assert_eq!(decrypt(&dk, &short), Err(UnshieldError::KemLength(1087)));
}

#[test]
fn the_test_encryptor_round_trips_through_the_author_key() {
    let keystore = AuthorKeystore::new([3; 32], 12_000);
    let pk = keystore.encapsulation_key(5).0;
    let blob = seal(&pk, b"inner", [1; 32], [2; 24]);
    let tx = ShieldedTransaction::parse(&blob).expect("parses");
    assert_eq!(
        decrypt(&keystore.decapsulation_key(5), &tx),
        Ok(b"inner".to_vec())
    );
    assert_eq!(
        decrypt(&keystore.decapsulation_key(6), &tx),
        Err(UnshieldError::Aead)
    );
}

#[test]
fn key_slots_last_twelve_seconds_of_chain_time() {
    assert_eq!(AuthorKeystore::new([0; 32], 12_000).period(), 1);
    assert_eq!(AuthorKeystore::new([0; 32], 250).period(), 48);
    assert_eq!(AuthorKeystore::new([0; 32], 100).period(), 120);
    assert_eq!(AuthorKeystore::new([0; 32], 60_000).period(), 1);
    assert_eq!(AuthorKeystore::new([0; 32], 0).period(), 12_000);
    let k = AuthorKeystore::new([0; 32], 250);
    assert_eq!(
        (k.slot(47), k.slot(48), k.slot(95), k.slot(96)),
        (0, 1, 1, 2)
    );
    assert_eq!(k.encapsulation_key(0), k.encapsulation_key(47));
    assert_ne!(k.encapsulation_key(47), k.encapsulation_key(48));
    assert_eq!(k.encapsulation_key(0).0.len(), ENC_KEY_LEN);
    // Another seed, other keys.
    assert_ne!(
        AuthorKeystore::new([1; 32], 250).encapsulation_key(0),
        k.encapsulation_key(0)
    );
}

fn genesis(block_time_ms: u64) -> Genesis {
    let mut g = Genesis::devnet().expect("dev genesis");
    g.block_time_ms = block_time_ms;
    g
}

/// The pipeline position of every stored key, as key-slot indices of the chain's own keystore.
fn pipeline(chain: &Chain) -> (ShieldEncKey, ShieldEncKey, ShieldEncKey, ShieldEncKey) {
    let s = chain.storage();
    let author = aura_id(&chain.genesis().author);
    (
        CurrentKey::try_get(s).expect("CurrentKey"),
        PendingKey::try_get(s).expect("PendingKey"),
        NextKey::try_get(s).expect("NextKey"),
        AuthorKeys::try_get(s, &author).expect("AuthorKeys[author]"),
    )
}

#[test]
fn every_block_shifts_the_pipeline_as_announce_next_key_does() {
    // 12 s blocks: one key per block, as on subtensor.
    let mut chain = Chain::new(genesis(12_000));
    let keys = chain.shield_keystore().clone();
    assert_eq!(
        pipeline(&chain),
        (
            keys.encapsulation_key(0),
            keys.encapsulation_key(1),
            keys.encapsulation_key(2),
            keys.encapsulation_key(3)
        )
    );
    for n in 1..=4u32 {
        let before = pipeline(&chain);
        chain.build_block(Vec::new());
        let after = pipeline(&chain);
        // CurrentKey ← PendingKey ← NextKey ← AuthorKeys[author] ← the key announced for block n + 3.
        assert_eq!(after.0, before.1, "block {n}");
        assert_eq!(after.1, before.2, "block {n}");
        assert_eq!(after.2, before.3, "block {n}");
        assert_eq!(after.3, keys.encapsulation_key(n + 3), "block {n}");
        assert_ne!(after.3, before.3, "block {n}: a new key each block");
        let s = chain.storage();
        assert_eq!(PendingKeyExpiresAt::get(s), n + 2);
        assert_eq!(NextKeyExpiresAt::get(s), n + 3);
    }
    assert_eq!(NextKey::get(chain.storage()).0.len(), ENC_KEY_LEN);

    // 250 ms blocks: the key changes every 48 blocks; NextKey at block 45 is already block 47's key,
    // at block 46 the next slot's.
    let mut fast = Chain::new(genesis(250));
    let keys = fast.shield_keystore().clone();
    for _ in 0..45 {
        fast.build_block(Vec::new());
    }
    assert_eq!(NextKey::get(fast.storage()), keys.encapsulation_key(0));
    assert_eq!(CurrentKey::get(fast.storage()), keys.encapsulation_key(0));
    fast.build_block(Vec::new());
    assert_eq!(NextKey::get(fast.storage()), keys.encapsulation_key(48));
    assert_eq!(CurrentKey::get(fast.storage()), keys.encapsulation_key(0));
}

#[test]
fn the_same_genesis_gives_the_same_keys_and_hashes() {
    let mut a = Chain::new(genesis(250));
    let mut b = Chain::new(genesis(250));
    for _ in 0..3 {
        assert_eq!(
            a.build_block(Vec::new()).hash,
            b.build_block(Vec::new()).hash
        );
    }
    assert_eq!(NextKey::get(a.storage()), NextKey::get(b.storage()));
    // Another genesis state, another seed.
    let mut other = genesis(250);
    other.balances.push((AccountId([9; 32]), RAO_PER_TAO));
    assert_ne!(
        NextKey::get(Chain::new(other).storage()),
        NextKey::get(a.storage())
    );
}

fn bob() -> Keypair {
    Keypair::from_dev_uri("//Bob").expect("bob")
}

fn charlie() -> AccountId {
    dev_account("Charlie").expect("charlie")
}

fn transfer_to_charlie(rao: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(charlie()),
        value: Compact(rao),
    })
}

/// Signs `call` as btcli does for a shielded call: era of 8 blocks born at the best block.
fn signed(chain: &Chain, who: &Keypair, nonce: u32, call: &Call) -> Vec<u8> {
    let best = chain.best_number();
    let extra = SignedExtra {
        era: Era::mortal(8, u64::from(best)),
        nonce,
        tip: 0,
        metadata_hash_mode: 0,
    };
    let ctx = SigningContext {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
        genesis_hash: chain.genesis_hash(),
    };
    encode_signed(who, call, extra, &ctx, &chain.best_hash())
}

fn wrapper_call(ciphertext: Vec<u8>) -> Call {
    Call::MevShield(MevShieldCall::submit_encrypted {
        ciphertext: BoundedBytes(ciphertext),
    })
}

/// Submits `bytes` through the pool's checks and builds the next block with them.
fn build_with(chain: &mut Chain, bytes: &[u8]) -> crate::runtime::BlockOutcome {
    let checked =
        transaction::check(bytes, chain, SPEC_VERSION, TRANSACTION_VERSION).expect("pool accepts");
    chain.build_block_encoded(vec![EncodedExtrinsic {
        extrinsic: checked.extrinsic,
        encoded: bytes.to_vec(),
    }])
}

#[test]
fn the_author_includes_the_inner_extrinsic_right_after_its_wrapper() {
    // 12 s blocks, so NextKey (block best + 2's key) differs from the next block's.
    let mut chain = Chain::new(genesis(12_000));
    chain.build_block(Vec::new());
    let bob = bob();
    let charlie_before = crate::balances::free_balance(chain.storage(), &charlie());
    let inner = signed(&chain, &bob, 1, &transfer_to_charlie(7 * RAO_PER_TAO));
    let next_key = NextKey::get(chain.storage()).0;
    let ciphertext = seal(&next_key, &inner, [4; 32], [5; 24]);
    let wrapper = signed(&chain, &bob, 0, &wrapper_call(ciphertext.clone()));

    // Block best + 1 is sealed to another key: the author skips the wrapper, it stays in the pool.
    let skipped = build_with(&mut chain, &wrapper);
    assert_eq!(skipped.receipts[0].outcome, Err(InvalidTransaction::Future));
    assert!(skipped.body.is_empty() && skipped.unshielded.is_empty());

    // Block best + 2: wrapper, then the inner transfer.
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.receipts[0].outcome, Ok(Ok(())));
    assert_eq!(out.body, vec![wrapper.clone(), inner.clone()]);
    assert_eq!(out.unshielded.len(), 1);
    assert_eq!(out.unshielded[0].index, Some(1));
    assert_eq!(out.unshielded[0].hash, blake2_256(&inner));
    assert_eq!(out.unshielded[0].outcome, Ok(Ok(())));
    let at = |i: u32| -> Vec<&Event> {
        out.events
            .iter()
            .filter(|e| e.phase == Phase::ApplyExtrinsic(i))
            .map(|e| &e.event)
            .collect()
    };
    let who = bob.account_id();
    let mut id_input = who.0.to_vec();
    id_input.extend_from_slice(&Compact(ciphertext.len() as u32).encode());
    id_input.extend_from_slice(&ciphertext);
    assert!(
        at(0).contains(&&Event::MevShield(MevShieldEvent::EncryptedSubmitted {
            id: blake2_256(&id_input),
            who,
        }))
    );
    assert!(at(0)
        .iter()
        .any(|e| matches!(e, Event::System(SystemEvent::ExtrinsicSuccess { .. }))));
    assert!(at(1).contains(&&Event::Balances(BalancesEvent::Transfer {
        from: who,
        to: charlie(),
        amount: 7 * RAO_PER_TAO,
    })));
    assert!(at(1)
        .iter()
        .any(|e| matches!(e, Event::System(SystemEvent::ExtrinsicSuccess { .. }))));
    let charlie_after = crate::balances::free_balance(chain.storage(), &charlie());
    assert_eq!(charlie_after - charlie_before, 7 * RAO_PER_TAO);
    assert_eq!(chain.account_nonce(&who), 2);
}

#[test]
fn a_wrapper_sealed_to_the_previous_key_slot_is_still_decrypted() {
    // 12 s blocks: one key slot per block. NextKey read at block 1 is block 3's key.
    let bob = bob();
    let sealed_at_one = |chain: &Chain| {
        let inner = signed(chain, &bob, 1, &transfer_to_charlie(RAO_PER_TAO));
        let ciphertext = seal(&NextKey::get(chain.storage()).0, &inner, [4; 32], [5; 24]);
        (inner, signed(chain, &bob, 0, &wrapper_call(ciphertext)))
    };
    let mut chain = Chain::new(genesis(12_000));
    chain.build_block(Vec::new());
    let (inner, wrapper) = sealed_at_one(&chain);
    chain.build_block(Vec::new());
    chain.build_block(Vec::new());
    // Block 4: block 3's key is the previous slot's, still accepted.
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.body, vec![wrapper, inner]);
    assert_eq!(out.unshielded[0].outcome, Ok(Ok(())));

    // Two slots late, it is not.
    let mut late = Chain::new(genesis(12_000));
    late.build_block(Vec::new());
    let (_, wrapper) = sealed_at_one(&late);
    for _ in 0..3 {
        late.build_block(Vec::new());
    }
    let out = build_with(&mut late, &wrapper);
    assert_eq!(out.receipts[0].outcome, Err(InvalidTransaction::Future));
    assert!(out.body.is_empty());
}

#[test]
fn a_wrapper_sealed_to_an_unknown_key_is_never_included() {
    let mut chain = Chain::new(genesis(250));
    chain.build_block(Vec::new());
    let bob = bob();
    let inner = signed(&chain, &bob, 1, &transfer_to_charlie(RAO_PER_TAO));
    let mut ciphertext = seal(&NextKey::get(chain.storage()).0, &inner, [4; 32], [5; 24]);
    ciphertext[..KEY_HASH_LEN].fill(0xFF);
    let wrapper = signed(&chain, &bob, 0, &wrapper_call(ciphertext));
    for _ in 0..3 {
        let out = build_with(&mut chain, &wrapper);
        assert_eq!(out.receipts[0].outcome, Err(InvalidTransaction::Future));
        assert!(out.body.is_empty());
    }
    assert_eq!(chain.account_nonce(&bob.account_id()), 0);
}

#[test]
fn a_wrapper_that_does_not_decrypt_is_included_alone() {
    let mut chain = Chain::new(genesis(250));
    chain.build_block(Vec::new());
    let bob = bob();
    let inner = signed(&chain, &bob, 1, &transfer_to_charlie(RAO_PER_TAO));
    let mut ciphertext = seal(&NextKey::get(chain.storage()).0, &inner, [4; 32], [5; 24]);
    let last = ciphertext.len() - 1;
    ciphertext[last] ^= 0x01;
    let wrapper = signed(&chain, &bob, 0, &wrapper_call(ciphertext));
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.receipts[0].outcome, Ok(Ok(())));
    assert_eq!(out.body, vec![wrapper]);
    assert!(out.unshielded.is_empty());
    assert_eq!(chain.account_nonce(&bob.account_id()), 1);
}

#[test]
fn an_inner_extrinsic_is_checked_like_any_other() {
    let mut chain = Chain::new(genesis(250));
    chain.build_block(Vec::new());
    let bob = bob();
    let key = NextKey::get(chain.storage()).0;

    // A bad signature: the wrapper goes in, the inner one does not.
    let mut forged = signed(&chain, &bob, 1, &transfer_to_charlie(RAO_PER_TAO));
    // Compact length (2 bytes) ‖ 0x84 ‖ 0x00 ‖ signer (32) ‖ 0x01 ‖ signature (64): byte 40 is in it.
    assert_eq!(&forged[2..4], &[0x84, 0x00]);
    assert_eq!(forged[36], 0x01);
    forged[40] ^= 0xFF;
    let wrapper = signed(
        &chain,
        &bob,
        0,
        &wrapper_call(seal(&key, &forged, [4; 32], [5; 24])),
    );
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.body, vec![wrapper]);
    assert!(out.unshielded.is_empty());

    // A transfer of more than Bob has: included, and failed.
    let greedy = signed(&chain, &bob, 2, &transfer_to_charlie(u64::MAX / 2));
    let wrapper = signed(
        &chain,
        &bob,
        1,
        &wrapper_call(seal(&key, &greedy, [6; 32], [7; 24])),
    );
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.body, vec![wrapper, greedy]);
    assert_eq!(out.unshielded.len(), 1);
    assert!(matches!(out.unshielded[0].outcome, Ok(Err(_))));
    assert!(out
        .events
        .iter()
        .any(|e| e.phase == Phase::ApplyExtrinsic(1)
            && matches!(e.event, Event::System(SystemEvent::ExtrinsicFailed { .. }))));

    // A stale inner nonce (the wrapper's own): not included.
    let stale = signed(&chain, &bob, 3, &transfer_to_charlie(RAO_PER_TAO));
    let wrapper = signed(
        &chain,
        &bob,
        3,
        &wrapper_call(seal(&key, &stale, [8; 32], [9; 24])),
    );
    let out = build_with(&mut chain, &wrapper);
    assert_eq!(out.body, vec![wrapper]);
    assert_eq!(out.unshielded[0].outcome, Err(InvalidTransaction::Stale));
}

#[test]
fn the_pool_rejects_garbage_and_long_lived_wrappers() {
    let chain = Chain::new(genesis(250));
    let bob = bob();
    let garbage = signed(&chain, &bob, 0, &wrapper_call(vec![1, 2, 3, 4, 5]));
    let err = transaction::check(&garbage, &chain, SPEC_VERSION, TRANSACTION_VERSION)
        .expect_err("garbage");
    assert_eq!(err, TxError::Invalid(Invalidity::Custom(23)));
    assert_eq!(err.code(), 1010);
    assert_eq!(err.data().as_deref(), Some("Custom error: 23"));

    let ciphertext = seal(&NextKey::get(chain.storage()).0, b"x", [1; 32], [2; 24]);
    let ctx = SigningContext {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
        genesis_hash: chain.genesis_hash(),
    };
    let call = wrapper_call(ciphertext);
    let immortal = encode_signed(
        &bob,
        &call,
        SignedExtra::immortal(0),
        &ctx,
        &chain.genesis_hash(),
    );
    assert_eq!(
        transaction::check(&immortal, &chain, SPEC_VERSION, TRANSACTION_VERSION),
        Err(TxError::Invalid(Invalidity::Stale))
    );
    let extra = SignedExtra {
        era: Era::mortal(16, 0),
        ..SignedExtra::immortal(0)
    };
    let long = encode_signed(&bob, &call, extra, &ctx, &chain.genesis_hash());
    assert_eq!(
        transaction::check(&long, &chain, SPEC_VERSION, TRANSACTION_VERSION),
        Err(TxError::Invalid(Invalidity::Stale))
    );

    // In-process garbage reaches the block builder only to be refused there too.
    let mut chain = chain;
    let out = chain.build_block(vec![crate::runtime::Extrinsic {
        signer: bob.account_id(),
        nonce: 0,
        call: wrapper_call(vec![0; 5]),
    }]);
    assert_eq!(out.receipts[0].outcome, Err(InvalidTransaction::Custom(23)));
}

#[test]
fn ciphertexts_longer_than_the_bound_do_not_decode() {
    let ok = wrapper_call(vec![0; MAX_CIPHERTEXT_LEN as usize]).encode();
    assert!(Call::decode_all(&mut &ok[..]).is_ok());
    let long = wrapper_call(vec![0; MAX_CIPHERTEXT_LEN as usize + 1]).encode();
    assert!(Call::decode_all(&mut &long[..]).is_err());
    // Pallet 30, call 1, then the compact length.
    assert_eq!(&wrapper_call(vec![9]).encode()[..], &[30, 1, 4, 9]);
}

#[test]
fn a_signed_announce_next_key_is_a_bad_origin() {
    let mut chain = Chain::new(genesis(250));
    let out = chain.build_block(vec![crate::runtime::Extrinsic {
        signer: bob().account_id(),
        nonce: 0,
        call: Call::MevShield(MevShieldCall::announce_next_key { enc_key: None }),
    }]);
    assert_eq!(out.receipts[0].outcome, Ok(Err(DispatchError::BadOrigin)));
}
