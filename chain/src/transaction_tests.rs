//! Unit tests of the extrinsic format and the pool checks.

use super::*;
use crate::call::{BalancesCall, MultiAddress, SubtensorCall};
use crate::runtime::{EncodedExtrinsic, Genesis};
use crate::types::RAO_PER_TAO;

const SPEC: u32 = 208;
const TX: u32 = 1;

fn chain() -> Chain {
    let mut chain = Chain::new(Genesis::devnet().expect("dev genesis"));
    for _ in 0..3 {
        chain.build_block(Vec::new());
    }
    chain
}

fn ctx(chain: &Chain) -> SigningContext {
    SigningContext {
        spec_version: SPEC,
        transaction_version: TX,
        genesis_hash: chain.genesis_hash(),
    }
}

fn alice() -> Keypair {
    Keypair::from_dev_uri("//Alice").expect("alice")
}

fn transfer_to_bob(tao: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(crate::keys::dev_account("Bob").expect("bob")),
        value: Compact(tao * RAO_PER_TAO),
    })
}

fn mortal_at_best(chain: &Chain, period: u64) -> (SignedExtra, H256) {
    let best = u64::from(chain.best_number());
    let era = Era::mortal(period, best);
    let extra = SignedExtra {
        era,
        nonce: 0,
        tip: 0,
        metadata_hash_mode: 0,
    };
    (extra, chain.best_hash())
}

#[test]
fn era_encoding_matches_substrate() {
    // bittensor 10.x's captured transfer: mortal period 128, phase 100 → `46 06`.
    let era = Era::Mortal {
        period: 128,
        phase: 100,
    };
    assert_eq!(era.encode(), vec![0x46, 0x06]);
    assert_eq!(Era::decode(&mut &[0x46u8, 0x06][..]).ok(), Some(era));
    assert_eq!(Era::Immortal.encode(), vec![0]);
    assert_eq!(
        Era::mortal(64, 1000),
        Era::Mortal {
            period: 64,
            phase: 40
        }
    );
    let e = Era::mortal(32, 10);
    assert_eq!(e.birth(10), 10);
    assert_eq!(e.birth(41), 10);
    assert_eq!(e.birth(42), 42);
    assert_eq!(e.death(10), 42);
    for period in [4u64, 8, 64, 4096, 8192, 65536] {
        for current in [0u64, 3, 1000, 123_456] {
            let e = Era::mortal(period, current);
            assert_eq!(Era::decode(&mut e.encode().as_slice()).ok(), Some(e));
        }
    }
}

#[test]
fn signed_transfer_has_the_wire_layout_clients_produce() {
    let chain = chain();
    let call = transfer_to_bob(1);
    let extra = SignedExtra {
        era: Era::Mortal {
            period: 128,
            phase: 100,
        },
        nonce: 0,
        tip: 0,
        metadata_hash_mode: 0,
    };
    let bytes = encode_signed(&alice(), &call, extra, &ctx(&chain), &chain.genesis_hash());
    // The 143-byte body bittensor 10.x sends for this transfer.
    assert_eq!(&bytes[..3], &[0x3d, 0x02, SIGNED_V4]);
    assert_eq!(bytes.len(), 2 + 143);
    assert_eq!(bytes[3], 0);
    assert_eq!(&bytes[4..36], alice().account_id().as_bytes());
    assert_eq!(bytes[36], 1);
    assert_eq!(&bytes[101..106], &[0x46, 0x06, 0, 0, 0]);
    assert_eq!(&bytes[106..109], &[5, 3, 0]);
    assert_eq!(&bytes[141..], &[0x02, 0x28, 0x6b, 0xee]);
    let uxt = decode(&bytes).expect("decodes");
    assert_eq!(uxt.signer, alice().account_id());
    assert_eq!(uxt.extra, extra);
    assert_eq!(uxt.call, call.encode());
}

#[test]
fn signed_extrinsic_verifies_and_checks() {
    let chain = chain();
    let (extra, birth_hash) = mortal_at_best(&chain, 64);
    let call = transfer_to_bob(10);
    let bytes = encode_signed(&alice(), &call, extra, &ctx(&chain), &birth_hash);
    let checked = check(&bytes, &chain, SPEC, TX).expect("valid");
    assert_eq!(checked.extrinsic.signer, alice().account_id());
    assert_eq!(checked.extrinsic.nonce, 0);
    assert_eq!(checked.extrinsic.call, call);
    assert_eq!(checked.encoded, bytes);
    assert_eq!(checked.hash, blake2_256(&bytes));
    assert_eq!(checked.birth, chain.best_number());
    assert!(checked.alive_at(chain.best_number() + 63));
    assert!(!checked.alive_at(chain.best_number() + 64));

    let immortal = encode_signed(
        &alice(),
        &call,
        SignedExtra::immortal(0),
        &ctx(&chain),
        &chain.genesis_hash(),
    );
    assert!(check(&immortal, &chain, SPEC, TX).is_ok());
}

#[test]
fn every_tampered_byte_is_rejected() {
    let chain = chain();
    let (extra, birth_hash) = mortal_at_best(&chain, 64);
    let bytes = encode_signed(
        &alice(),
        &transfer_to_bob(1),
        extra,
        &ctx(&chain),
        &birth_hash,
    );
    // Flip one bit in the signer, the signature, the extra and the call: never accepted.
    for i in [5usize, 40, 101, 104, 110, bytes.len() - 1] {
        let mut t = bytes.clone();
        t[i] ^= 0x01;
        assert!(check(&t, &chain, SPEC, TX).is_err(), "byte {i} tampered");
    }
    let mut sig = bytes.clone();
    sig[60] ^= 0xff;
    assert_eq!(
        check(&sig, &chain, SPEC, TX),
        Err(TxError::Invalid(Invalidity::BadProof))
    );
    // Signed for another spec version or genesis: bad signature.
    assert_eq!(
        check(&bytes, &chain, SPEC + 1, TX),
        Err(TxError::Invalid(Invalidity::BadProof))
    );
}

#[test]
fn bob_signing_for_alice_is_a_bad_signature() {
    let chain = chain();
    let bob = Keypair::from_dev_uri("//Bob").expect("bob");
    let call = transfer_to_bob(1).encode();
    let extra = SignedExtra::immortal(0);
    let payload = signing_payload(&call, &extra, &ctx(&chain), &chain.genesis_hash());
    let forged = assemble(
        &alice().account_id(),
        &MultiSignature::Sr25519(bob.sign(&payload)),
        &extra,
        &call,
    );
    let err = check(&forged, &chain, SPEC, TX).expect_err("forged");
    assert_eq!(err.code(), 1010);
    assert_eq!(err.message(), "Invalid Transaction");
    assert_eq!(
        err.data().as_deref(),
        Some("Transaction has a bad signature")
    );
    let ed = assemble(
        &alice().account_id(),
        &MultiSignature::Ed25519(alice().sign(&payload)),
        &extra,
        &call,
    );
    assert_eq!(
        check(&ed, &chain, SPEC, TX),
        Err(TxError::Invalid(Invalidity::BadProof))
    );
}

#[test]
fn long_payloads_are_hashed_before_signing() {
    let chain = chain();
    let call = Call::SubtensorModule(SubtensorCall::set_weights {
        netuid: 1,
        dests: (0..200).collect(),
        weights: (0..200).collect(),
        version_key: 0,
    });
    let extra = SignedExtra::immortal(0);
    let payload = signing_payload(&call.encode(), &extra, &ctx(&chain), &chain.genesis_hash());
    assert_eq!(payload.len(), 32);
    let bytes = encode_signed(&alice(), &call, extra, &ctx(&chain), &chain.genesis_hash());
    assert!(check(&bytes, &chain, SPEC, TX).is_ok());
}

#[test]
fn stale_nonces_and_bad_eras_are_rejected() {
    let mut chain = chain();
    let call = transfer_to_bob(1);
    let first = encode_signed(
        &alice(),
        &call,
        SignedExtra::immortal(0),
        &ctx(&chain),
        &chain.genesis_hash(),
    );
    let checked = check(&first, &chain, SPEC, TX).expect("valid");
    let out = chain.build_block_encoded(vec![EncodedExtrinsic {
        extrinsic: checked.extrinsic,
        encoded: first.clone(),
    }]);
    assert_eq!(out.body, vec![first.clone()]);
    assert_eq!(out.receipts[0].hash, blake2_256(&first));
    assert_eq!(chain.body(chain.best_number()), Some(&[first.clone()][..]));
    assert_eq!(chain.number_of(&out.hash), Some(chain.best_number()));
    let err = check(&first, &chain, SPEC, TX).expect_err("replayed");
    assert_eq!(err, TxError::Invalid(Invalidity::Stale));
    assert_eq!(err.data().as_deref(), Some("Transaction is outdated"));

    // A future nonce passes the submission checks (it waits in the pool).
    let future = encode_signed(
        &alice(),
        &call,
        SignedExtra::immortal(5),
        &ctx(&chain),
        &chain.genesis_hash(),
    );
    assert!(check(&future, &chain, SPEC, TX).is_ok());

    // A mortal era whose period has run out names a newer birth block: the signature no longer matches.
    let (mut extra, birth_hash) = mortal_at_best(&chain, 4);
    extra.nonce = 1;
    let short = encode_signed(&alice(), &call, extra, &ctx(&chain), &birth_hash);
    assert!(check(&short, &chain, SPEC, TX).is_ok());
    for _ in 0..4 {
        chain.build_block(Vec::new());
    }
    assert_eq!(
        check(&short, &chain, SPEC, TX),
        Err(TxError::Invalid(Invalidity::BadProof))
    );

    // The birth block of an era phase that is ahead of the chain is unknown.
    let ahead = Era::Mortal {
        period: 4096,
        phase: 4000,
    };
    let mut extra = SignedExtra::immortal(1);
    extra.era = ahead;
    let bytes = encode_signed(&alice(), &call, extra, &ctx(&chain), &[0u8; 32]);
    assert_eq!(
        check(&bytes, &chain, SPEC, TX),
        Err(TxError::Invalid(Invalidity::AncientBirthBlock))
    );
}

#[test]
fn malformed_and_unsupported_extrinsics_are_rejected() {
    let chain = chain();
    assert!(matches!(decode(&[]), Err(TxError::BadFormat(_))));
    assert!(matches!(decode(&[0x08, 0x84]), Err(TxError::BadFormat(_))));
    let mut unsigned = Compact(3u32).encode();
    unsigned.extend_from_slice(&[UNSIGNED_V4, 5, 3]);
    assert_eq!(
        decode(&unsigned),
        Err(TxError::Unknown(UnknownValidity::NoUnsignedValidator))
    );
    let mut index_address = Compact(3u32).encode();
    index_address.extend_from_slice(&[SIGNED_V4, 1, 0]);
    assert_eq!(decode(&index_address).map_err(|e| e.code()), Err(1011));
    // A call this chain does not dispatch (System.remark) is signed correctly but not expected.
    let remark = vec![0u8, 7, 4, 0xab];
    let extra = SignedExtra::immortal(0);
    let payload = signing_payload(&remark, &extra, &ctx(&chain), &chain.genesis_hash());
    let bytes = assemble(
        &alice().account_id(),
        &MultiSignature::Sr25519(alice().sign(&payload)),
        &extra,
        &remark,
    );
    let err = check(&bytes, &chain, SPEC, TX).unwrap_err();
    assert_eq!(err, TxError::Invalid(Invalidity::Call(0, 7)));
    assert_eq!(err.code(), 1010);
    assert_eq!(
        err.data().as_deref(),
        Some("Transaction call is not expected: taonet does not implement call 7 of pallet System (0)")
    );
    // A tip larger than the free balance cannot be paid.
    let mut extra = SignedExtra::immortal(0);
    extra.tip = u64::MAX;
    let bytes = encode_signed(
        &alice(),
        &transfer_to_bob(1),
        extra,
        &ctx(&chain),
        &chain.genesis_hash(),
    );
    assert_eq!(
        check(&bytes, &chain, SPEC, TX),
        Err(TxError::Invalid(Invalidity::Payment))
    );
}

#[test]
fn in_process_extrinsics_decode_as_signed_v4() {
    let ext = Extrinsic {
        signer: alice().account_id(),
        nonce: 7,
        call: transfer_to_bob(2),
    };
    let bytes = encode_in_process(&ext);
    let uxt = decode(&bytes).expect("decodes");
    assert_eq!(uxt.signer, ext.signer);
    assert_eq!(uxt.extra, SignedExtra::immortal(7));
    assert_eq!(uxt.call, ext.call.encode());
    assert_eq!(uxt.signature, MultiSignature::Sr25519([0u8; 64]));
}

/// A chain where Alice owns subnet 1 (owner hotkey `owner-hot`, funded) under a 7200-block network
/// registration limit.
fn chain_with_a_subnet() -> (Chain, Keypair) {
    let mut genesis = Genesis::devnet().expect("dev genesis");
    genesis.network_rate_limit = 7_200;
    let mut chain = Chain::new(genesis);
    let hot = Keypair::derive(5, "owner-hot");
    let alice = alice().account_id();
    for call in [
        Call::SubtensorModule(SubtensorCall::register_network {
            hotkey: hot.account_id(),
        }),
        Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(hot.account_id()),
            value: Compact(10 * RAO_PER_TAO),
        }),
    ] {
        let nonce = chain.account_nonce(&alice);
        let out = chain.build_block(vec![crate::runtime::Extrinsic {
            signer: alice,
            nonce,
            call,
        }]);
        assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{:?}", out.receipts[0]);
    }
    (chain, hot)
}

fn pool_check(chain: &Chain, signer: &Keypair, call: Call) -> Result<(), TxError> {
    let nonce = chain.account_nonce(&signer.account_id());
    let bytes = encode_signed(
        signer,
        &call,
        SignedExtra::immortal(nonce),
        &ctx(chain),
        &chain.genesis_hash(),
    );
    check(&bytes, chain, SPEC, TX).map(|_| ())
}

fn custom(code: u8) -> Result<(), TxError> {
    Err(TxError::Invalid(Invalidity::Custom(code)))
}

/// subtensor main's `SubtensorTransactionExtension::validate` rejects these calls before they enter
/// the pool, with `InvalidTransaction::Custom(code)` (author RPC: 1010, "Custom error: N").
#[test]
fn the_subtensor_extension_rejects_in_the_pool_with_custom_codes() {
    let (chain, hot) = chain_with_a_subnet();
    let sub = Call::SubtensorModule;
    // A second subnet within `NetworkRateLimit` blocks: `NetworkTxRateLimitExceeded` → 6.
    let again = sub(SubtensorCall::register_network {
        hotkey: Keypair::derive(5, "other").account_id(),
    });
    let rejected = pool_check(&chain, &alice(), again.clone());
    assert_eq!(rejected, custom(6));
    let err = rejected.expect_err("rejected");
    assert_eq!(
        (err.code(), err.message(), err.data().as_deref()),
        (
            1010,
            "Invalid Transaction".to_string(),
            Some("Custom error: 6")
        )
    );
    // Weights from the owner hotkey, registered (and `LastUpdate` set) two blocks ago, within the
    // weights rate limit: `SettingWeightsTooFast` → 6.
    let weights = sub(SubtensorCall::set_weights {
        netuid: 1,
        dests: vec![0],
        weights: vec![1],
        version_key: 0,
    });
    assert_eq!(pool_check(&chain, &hot, weights), custom(6));
    // Serving: port 0 → `InvalidPort` 13; an unregistered hotkey → `HotKeyNotRegisteredInNetwork` 10;
    // loopback → `InvalidIpAddress` 11.
    let axon = |ip: u128, port: u16| {
        sub(SubtensorCall::serve_axon {
            netuid: 1,
            version: 1,
            ip,
            port,
            ip_type: 4,
            protocol: 0,
            placeholder1: 0,
            placeholder2: 0,
        })
    };
    assert_eq!(pool_check(&chain, &hot, axon(0x0a00_0001, 0)), custom(13));
    assert_eq!(
        pool_check(&chain, &hot, axon(0x7f00_0001, 8091)),
        custom(11)
    );
    assert_eq!(
        pool_check(&chain, &alice(), axon(0x0a00_0001, 8091)),
        custom(10)
    );
    assert_eq!(pool_check(&chain, &hot, axon(0x0a00_0001, 8091)), Ok(()));
    // Delegate take above `MaxDelegateTake` → 27; a hotkey of someone else → `NonAssociatedColdKey` 25.
    let take = |take: u16| {
        sub(SubtensorCall::increase_take {
            hotkey: hot.account_id(),
            take,
        })
    };
    assert_eq!(pool_check(&chain, &alice(), take(u16::MAX)), custom(27));
    let bob = Keypair::from_dev_uri("//Bob").expect("bob");
    assert_eq!(pool_check(&chain, &bob, take(100)), custom(25));
    // Staking calls are not checked in the pool on subtensor main: a stake below the minimum is
    // accepted here and fails at dispatch (`AmountTooLow`).
    let dust = sub(SubtensorCall::add_stake {
        hotkey: hot.account_id(),
        netuid: 1,
        amount_staked: 1,
    });
    assert_eq!(pool_check(&chain, &alice(), dust), Ok(()));
}

#[test]
fn custom_codes_follow_subtensors_table() {
    use crate::error_names::SubtensorError as E;
    for (error, code) in [
        (E::AmountTooLow, 1),
        (E::NotEnoughStakeToSetWeights, 1),
        (E::NotEnoughBalanceToStake, 2),
        (E::SubnetNotExists, 3),
        (E::HotKeyAccountNotExists, 4),
        (E::NotEnoughStakeToWithdraw, 5),
        (E::SettingWeightsTooFast, 6),
        (E::CommittingWeightsTooFast, 6),
        (E::NetworkTxRateLimitExceeded, 6),
        (E::InsufficientLiquidity, 7),
        (E::SlippageTooHigh, 8),
        (E::TransferDisallowed, 9),
        (E::HotKeyNotRegisteredInNetwork, 10),
        (E::InvalidIpAddress, 11),
        (E::ServingRateLimitExceeded, 12),
        (E::InvalidPort, 13),
        (E::NoWeightsCommitFound, 16),
        (E::RevealTooEarly, 17),
        (E::InputLengthsUnequal, 18),
        (E::HotKeyNotRegisteredInSubNet, 19),
        (E::NonAssociatedColdKey, 25),
        (E::DelegateTakeTooLow, 26),
        (E::DelegateTakeTooHigh, 27),
        (E::InvalidIpType, 255),
        (E::SubtokenDisabled, 255),
    ] {
        assert_eq!(custom_error_code(error), code, "{error:?}");
    }
}
