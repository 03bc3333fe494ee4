//! The `Data` encoding byte for byte, and `set_commitment`'s rules: who may commit, the field count, the
//! per-epoch space budget, timelocked fields and bond resets.

use super::*;
use crate::call::Call;
use crate::event::{Event, Phase};
use crate::keys::Keypair;
use crate::storage::Storage;

fn key(name: &str) -> AccountId {
    Keypair::derive(18, name).account_id()
}

#[test]
fn data_encodes_as_subtensors_tagged_bytes() {
    let h = [7u8; 32];
    let cases: Vec<(Data, Vec<u8>)> = vec![
        (Data::None, vec![0]),
        (Data::Raw(vec![]), vec![1]),
        (
            Data::Raw(b"hello".to_vec()),
            vec![6, b'h', b'e', b'l', b'l', b'o'],
        ),
        (Data::BlakeTwo256(h), [vec![130], h.to_vec()].concat()),
        (Data::Sha256(h), [vec![131], h.to_vec()].concat()),
        (Data::Keccak256(h), [vec![132], h.to_vec()].concat()),
        (Data::ShaThree256(h), [vec![133], h.to_vec()].concat()),
        (
            Data::TimelockEncrypted {
                encrypted: vec![1, 2, 3],
                reveal_round: 7,
            },
            // Tag, compact length 3 (3 << 2), the bytes, the round as 8 LE bytes.
            vec![134, 12, 1, 2, 3, 7, 0, 0, 0, 0, 0, 0, 0],
        ),
        (Data::ResetBondsFlag, vec![135]),
        (Data::BigRaw(vec![9, 9]), vec![136, 8, 9, 9]),
    ];
    for (data, bytes) in cases {
        assert_eq!(data.encode(), bytes, "{data:?}");
        assert_eq!(Data::decode(&mut &bytes[..]), Ok(data));
    }
    // Raw128 is the longest raw field: tag 129, no length prefix.
    let raw = Data::Raw(vec![5; 128]).encode();
    assert_eq!((raw[0], raw.len()), (129, 129));
    // Longer raw input is cut to 128 bytes.
    assert_eq!(Data::Raw(vec![5; 200]).encode(), raw);
}

#[test]
fn data_decoding_refuses_unknown_tags_and_oversized_fields() {
    assert!(Data::decode(&mut &[137u8][..]).is_err());
    // BigRaw of 513 bytes: compact 513 = (513 << 2) | 1 = 0x0805 as two LE bytes.
    let mut big = vec![136, 0x05, 0x08];
    big.extend(vec![0u8; 513]);
    assert!(Data::decode(&mut &big[..]).is_err());
    let mut ok = vec![136, 0x01, 0x08];
    ok.extend(vec![0u8; 512]);
    assert_eq!(Data::decode(&mut &ok[..]), Ok(Data::BigRaw(vec![0u8; 512])));
    // A raw field whose bytes run out.
    assert!(Data::decode(&mut &[4u8, 1, 2][..]).is_err());
    // A commitment of four fields does not decode: three is the bound.
    assert!(CommitmentInfo::decode(&mut &[16u8, 0, 0, 0, 0][..]).is_err());
    assert_eq!(
        CommitmentInfo::decode(&mut &[12u8, 0, 0, 135][..]),
        Ok(CommitmentInfo {
            fields: vec![Data::None, Data::None, Data::ResetBondsFlag].into()
        })
    );
}

#[test]
fn set_commitment_encodes_with_the_pallet_and_call_index() {
    let call = Call::Commitments(CommitmentsCall::set_commitment {
        netuid: 1,
        info: Box::new(CommitmentInfo {
            fields: vec![Data::Raw(b"abc".to_vec())].into(),
        }),
    });
    // Pallet 18, call 0, netuid 1 (u16 LE), one field (compact 1 = 4), Raw3 (tag 4) "abc".
    assert_eq!(call.encode(), vec![18, 0, 1, 0, 4, 4, b'a', b'b', b'c']);
    assert_eq!(call.name(), "Commitments.set_commitment");
    let max_space = Call::Commitments(CommitmentsCall::set_max_space { new_limit: 5 });
    assert_eq!(max_space.encode(), vec![18, 2, 5, 0, 0, 0]);
}

/// A state with subnet 1 where `hotkey` holds UID `uid`.
fn state_with(hotkey: AccountId, uid: u16) -> Storage {
    let mut s = Storage::new();
    crate::items::NetworksAdded::insert(&mut s, &1, true);
    Uids::insert(&mut s, &1, &hotkey, uid);
    s
}

fn commit(
    s: &mut Storage,
    block: u64,
    who: &AccountId,
    fields: Vec<Data>,
) -> (Result<(), String>, Vec<Event>) {
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s,
        block,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    let info = CommitmentInfo {
        fields: BoundedVec(fields),
    };
    let result = set_commitment(&mut ctx, who, 1, &info).map_err(|e| e.name());
    (result, events.into_iter().map(|r| r.event).collect())
}

#[test]
fn a_registered_hotkey_commits_and_others_may_not() {
    let hot = key("hot");
    let mut s = state_with(hot, 0);
    let fields = vec![Data::Raw(b"endpoint".to_vec()), Data::Sha256([1; 32])];
    let (result, events) = commit(&mut s, 42, &hot, fields.clone());
    assert_eq!(result, Ok(()));
    assert_eq!(
        events,
        vec![Event::Commitments(CommitmentsEvent::Commitment {
            netuid: 1,
            who: hot
        })]
    );
    assert_eq!(
        CommitmentOf::try_get(&s, &1, &hot),
        Some(Registration {
            deposit: 0,
            block: 42,
            info: CommitmentInfo {
                fields: fields.clone().into()
            },
        })
    );
    assert_eq!(LastCommitment::try_get(&s, &1, &hot), Some(42));
    // 8 + 32 bytes, charged as the minimum of 100.
    assert_eq!(
        UsedSpaceOf::try_get(&s, &1, &hot),
        Some(UsageTracker {
            last_epoch: 0,
            used_space: 100
        })
    );
    assert_eq!(
        commitments_of(&s, 1),
        vec![(hot, CommitmentOf::get(&s, &1, &hot).encode())]
    );

    let stranger = key("stranger");
    let (refused, _) = commit(&mut s, 43, &stranger, fields);
    assert_eq!(
        refused,
        Err("Commitments.AccountNotAllowedCommit".to_string())
    );
    let (too_many, _) = commit(&mut s, 43, &hot, vec![Data::None; 4]);
    assert_eq!(
        too_many,
        Err("Commitments.TooManyFieldsInCommitmentInfo".to_string())
    );
}

#[test]
fn the_space_budget_is_per_epoch() {
    let hot = key("hot");
    let mut s = state_with(hot, 0);
    let full = || vec![Data::Raw(vec![1; 128]); 3];
    // 3 × 128 = 384 bytes a commitment: 8 fit in 3100 (3072), the 9th does not.
    for i in 0..8 {
        assert_eq!(
            commit(&mut s, 10 + i, &hot, full()).0,
            Ok(()),
            "commitment {i}"
        );
    }
    assert_eq!(
        commit(&mut s, 20, &hot, full()).0,
        Err("Commitments.SpaceLimitExceeded".to_string())
    );
    assert_eq!(UsedSpaceOf::get(&s, &1, &hot).used_space, 3072);
    // A new epoch starts a new budget.
    SubnetEpochIndex::insert(&mut s, &1, 1);
    assert_eq!(commit(&mut s, 21, &hot, full()).0, Ok(()));
    assert_eq!(
        UsedSpaceOf::get(&s, &1, &hot),
        UsageTracker {
            last_epoch: 1,
            used_space: 384
        }
    );
    // Root may raise the budget.
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 22,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    let raise = CommitmentsCall::set_max_space { new_limit: 10_000 };
    assert_eq!(
        dispatch(&mut ctx, &hot, false, &raise),
        Err(DispatchError::BadOrigin)
    );
    assert_eq!(dispatch(&mut ctx, &hot, true, &raise), Ok(()));
    assert_eq!(MaxSpace::get(&s), 10_000);
}

#[test]
fn timelocked_commitments_are_indexed_until_replaced() {
    let hot = key("hot");
    let mut s = state_with(hot, 0);
    let sealed = Data::TimelockEncrypted {
        encrypted: vec![3; 200],
        reveal_round: 99,
    };
    let (result, events) = commit(&mut s, 5, &hot, vec![sealed]);
    assert_eq!(result, Ok(()));
    assert_eq!(
        events,
        vec![Event::Commitments(CommitmentsEvent::TimelockCommitment {
            netuid: 1,
            who: hot,
            reveal_round: 99
        })]
    );
    assert_eq!(TimelockedIndex::get(&s), BTreeSet::from([(1, hot)]));
    assert_eq!(UsedSpaceOf::get(&s, &1, &hot).used_space, 200);
    assert_eq!(commit(&mut s, 6, &hot, vec![Data::None]).0, Ok(()));
    assert!(TimelockedIndex::get(&s).is_empty());
}

#[test]
fn a_reset_bonds_flag_drops_the_committers_bonds_when_enabled() {
    let hot = key("hot");
    let mut s = state_with(hot, 2);
    let rows = [vec![(1u16, 10u16), (2, 20)], vec![(0, 5), (2, 7), (3, 9)]];
    for (i, row) in rows.iter().enumerate() {
        Bonds::insert(&mut s, &1, &(i as u16), row.clone());
    }
    // Resets off: the bonds stay, the reset is still recorded.
    assert_eq!(
        commit(&mut s, 30, &hot, vec![Data::ResetBondsFlag]).0,
        Ok(())
    );
    assert_eq!(Bonds::get(&s, &1, &1), rows[1]);
    assert_eq!(LastBondsReset::try_get(&s, &1, &hot), Some(30));
    // Resets on: UID 2's column leaves every row.
    BondsResetOn::insert(&mut s, &1, true);
    assert_eq!(
        commit(&mut s, 31, &hot, vec![Data::ResetBondsFlag]).0,
        Ok(())
    );
    assert_eq!(Bonds::get(&s, &1, &0), vec![(1, 10)]);
    assert_eq!(Bonds::get(&s, &1, &1), vec![(0, 5), (3, 9)]);
    assert_eq!(LastBondsReset::try_get(&s, &1, &hot), Some(31));
}

#[test]
fn the_selective_metagraph_carries_commitments_and_the_metagraph_the_identity() {
    use crate::call::{BalancesCall, MultiAddress, SubtensorCall};
    use crate::keys::dev_account;
    use crate::rpc_info::{Metagraph, SelectiveMetagraph, SubnetIdentityV3};
    use crate::{Chain, Extrinsic, Genesis};
    use parity_scale_codec::Compact;

    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let (owner, hot) = (key("owner"), key("owner-hot"));
    let apply = |chain: &mut Chain, signer: AccountId, call: Call| {
        let nonce = chain.account_nonce(&signer);
        let out = chain.build_block(vec![Extrinsic {
            signer,
            nonce,
            call,
        }]);
        assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{:?}", out.receipts[0]);
        out.header.number
    };
    let alice = dev_account("Alice").expect("alice");
    let fund = Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(owner),
        value: Compact(5_000 * crate::types::RAO_PER_TAO),
    });
    apply(&mut chain, alice, fund);
    let identity = SubnetIdentityV3 {
        subnet_name: b"commits".to_vec(),
        ..SubnetIdentityV3::default()
    };
    let register = Call::SubtensorModule(SubtensorCall::register_network_with_identity {
        hotkey: hot,
        identity: Some(identity.clone()),
    });
    apply(&mut chain, owner, register);
    // The owner's hotkey (UID 0) commits; it holds no TAO, and committing is free.
    let commit = Call::Commitments(CommitmentsCall::set_commitment {
        netuid: 1,
        info: Box::new(CommitmentInfo {
            fields: vec![Data::Raw(b"taonet".to_vec())].into(),
        }),
    });
    let block = apply(&mut chain, hot, commit);

    let query = |method: &str, args: Vec<u8>| {
        crate::runtime_api::call(&chain, &format!("SubnetInfoRuntimeApi_{method}"), &args)
            .expect("the method exists")
    };
    let index = SelectiveMetagraph::INDEXES - 1;
    let out = query("get_selective_metagraph", (1u16, vec![index]).encode());
    let selective = Option::<SelectiveMetagraph>::decode(&mut &out[..])
        .expect("decodes")
        .expect("subnet 1");
    // Registration { deposit: 0 (u64), block (u32 LE), info: one field (compact 1), Raw6 (tag 7) }.
    let mut want = vec![0u8; 8];
    want.extend(block.to_le_bytes());
    want.extend([4, 7]);
    want.extend(b"taonet");
    let want: Vec<Compact<u8>> = want.into_iter().map(Compact).collect();
    assert_eq!(selective.commitments, Some(vec![(hot, want)]));
    assert_eq!(selective.validators, None);

    let out = query("get_metagraph", 1u16.encode());
    let metagraph = Option::<Metagraph>::decode(&mut &out[..])
        .expect("decodes")
        .expect("subnet 1");
    assert_eq!(metagraph.identity, Some(identity));
    let name: Vec<u8> = metagraph.name.iter().map(|c| c.0).collect();
    assert_eq!(name, b"commits");
}
