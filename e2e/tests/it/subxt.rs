//! Conformance with subxt (Rust), through its dynamic API only: no code generated from our metadata, so
//! every name, index and type subxt uses comes from what the node serves over JSON-RPC.
//!
//! One realtime network (100 ms blocks) serves RPC on 127.0.0.1; the test connects with
//! `OnlineClient<SubtensorConfig>` (subtensor's account, address, signature and hashing types with
//! subxt's default extension handling), reads storage and constants, transfers and watches the transfer
//! to finalized, then runs a subnet's life: `register_network`, `Sudo.sudo(AdminUtils…)`, `start_call`,
//! `burned_register`, `add_stake`, `set_weights`. Finally a bad signature and a stale nonce must be
//! rejected at submission with a real node's error. Every await has a timeout; nothing sleeps.

use crate::LiveDevnet;
use ::subxt::config::substrate::{BlakeTwo256, SubstrateConfig, SubstrateHeader};
use ::subxt::config::{
    Config, DefaultExtrinsicParamsBuilder, DefaultTransactionExtensions, HashFor,
};
use ::subxt::dynamic::{self, At, Value};
use ::subxt::ext::scale_value::Composite;
use ::subxt::metadata::ArcMetadata;
use ::subxt::transactions::Payload;
use ::subxt::utils::{AccountId32, MultiAddress, MultiSignature, H256};
use ::subxt::OnlineClient;
use parity_scale_codec::Decode;
use std::future::Future;
use std::str::FromStr;
use std::time::Duration;
use subxt_signer::sr25519::{dev, Keypair};
use subxt_signer::SecretUri;

/// subtensor's types: `AccountId32`, `MultiAddress<AccountId32, ()>`, `MultiSignature`, BlakeTwo256,
/// headers with a compact block number, and the default extensions (subxt fills the standard ones and
/// skips subtensor's zero-sized `SubtensorTransactionExtension` and `DrandPriority`).
#[derive(Debug, Clone, Default)]
struct SubtensorConfig(SubstrateConfig);

impl Config for SubtensorConfig {
    type AccountId = AccountId32;
    type Address = MultiAddress<AccountId32, ()>;
    type Signature = MultiSignature;
    type Hasher = BlakeTwo256;
    type Header = SubstrateHeader<H256>;
    type TransactionExtensions = DefaultTransactionExtensions<Self>;
    type AssetId = u32;

    fn genesis_hash(&self) -> Option<HashFor<Self>> {
        self.0.genesis_hash()
    }

    fn metadata_for_spec_version(&self, spec_version: u32) -> Option<ArcMetadata> {
        self.0.metadata_for_spec_version(spec_version)
    }

    fn set_metadata_for_spec_version(&self, spec_version: u32, metadata: ArcMetadata) {
        self.0.set_metadata_for_spec_version(spec_version, metadata)
    }
}

const TOPOLOGY: &str = r#"
name: subxt
seed: 11
chain:
  block_time: 100ms
  clock: realtime
  finality_lag: 1
"#;

/// One TAO in rao.
const TAO: u64 = 1_000_000_000;

/// How long any single client step may take.
const STEP: Duration = Duration::from_secs(30);

async fn step<T>(what: &str, fut: impl Future<Output = T>) -> T {
    match tokio::time::timeout(STEP, fut).await {
        Ok(v) => v,
        Err(_) => panic!("{what}: no answer within {STEP:?}"),
    }
}

fn key(uri: &str) -> Keypair {
    let uri = SecretUri::from_str(uri).expect("a dev URI");
    Keypair::from_uri(&uri).expect("a dev key")
}

fn account(k: &Keypair) -> AccountId32 {
    AccountId32(k.public_key().0)
}

/// `System.Account(who).data.free`, read dynamically.
async fn free_balance(api: &OnlineClient<SubtensorConfig>, who: &AccountId32) -> u128 {
    let at = step("at_current_block", api.at_current_block())
        .await
        .expect("a current block");
    let addr = dynamic::storage::<(AccountId32,), Value>("System", "Account");
    let value = step("System.Account", at.storage().fetch(addr, (*who,)))
        .await
        .expect("System.Account is readable");
    let info = value.decode().expect("AccountInfo decodes");
    info.at("data")
        .at("free")
        .and_then(|v| v.as_u128())
        .unwrap_or_else(|| panic!("AccountInfo has data.free: {info}"))
}

/// Signs `call` with `signer`, submits it, watches it to a finalized block and returns its events as
/// `(pallet, event, field bytes)`; panics with the decoded dispatch error on failure.
async fn submit(
    api: &OnlineClient<SubtensorConfig>,
    what: &str,
    call: &impl Payload,
    signer: &Keypair,
) -> Vec<(String, String, Vec<u8>)> {
    let mut tx = step(what, api.transactions())
        .await
        .expect("a transactions client");
    let progress = step(what, tx.sign_and_submit_then_watch_default(call, signer))
        .await
        .unwrap_or_else(|e| panic!("{what}: submission rejected: {e:?}"));
    let events = step(what, progress.wait_for_finalized_success())
        .await
        .unwrap_or_else(|e| panic!("{what}: failed: {e}"));
    events
        .iter()
        .map(|ev| {
            let ev = ev.unwrap_or_else(|e| panic!("{what}: an event does not decode: {e}"));
            (
                ev.pallet_name().to_string(),
                ev.event_name().to_string(),
                ev.field_bytes().to_vec(),
            )
        })
        .collect()
}

fn has(events: &[(String, String, Vec<u8>)], pallet: &str, event: &str) -> bool {
    events.iter().any(|(p, e, _)| p == pallet && e == event)
}

fn fields<'a>(events: &'a [(String, String, Vec<u8>)], pallet: &str, event: &str) -> &'a [u8] {
    events
        .iter()
        .find(|(p, e, _)| p == pallet && e == event)
        .map(|(_, _, f)| f.as_slice())
        .unwrap_or_else(|| panic!("no {pallet}.{event} among {events:?}"))
}

/// `Sudo.sudo(AdminUtils.<call>(args))` signed by Alice, the sudo key.
async fn sudo_admin(
    api: &OnlineClient<SubtensorConfig>,
    call: &str,
    args: Vec<(&str, Value)>,
) -> Vec<(String, String, Vec<u8>)> {
    let inner = dynamic::tx("AdminUtils", call, Composite::named(args)).into_value();
    let outer = dynamic::tx("Sudo", "sudo", vec![inner]);
    let events = submit(
        api,
        &format!("Sudo.sudo(AdminUtils.{call})"),
        &outer,
        &dev::alice(),
    )
    .await;
    // `Sudid { sudo_result: Result<(), DispatchError> }`: 0x00 is Ok.
    assert_eq!(
        fields(&events, "Sudo", "Sudid").first(),
        Some(&0),
        "AdminUtils.{call} succeeded under sudo"
    );
    events
}

#[test]
fn subxt_dynamic_api_against_taonet() {
    let net = LiveDevnet::start(TOPOLOGY);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(&net.url));
}

async fn run(url: &str) {
    let api = step(
        "connect",
        OnlineClient::<SubtensorConfig>::from_insecure_url_with_config(
            SubtensorConfig::default(),
            url,
        ),
    )
    .await
    .expect("subxt connects");

    let alice = dev::alice();
    let bob = dev::bob();

    // Storage and constants.
    let alice_free = free_balance(&api, &account(&alice)).await;
    assert!(
        alice_free >= 1_000_000 * u128::from(TAO),
        "Alice's genesis balance: {alice_free}"
    );
    let at = step("at_current_block", api.at_current_block())
        .await
        .expect("a current block");
    let ed = at
        .constants()
        .entry(dynamic::constant::<u64>("Balances", "ExistentialDeposit"))
        .expect("Balances.ExistentialDeposit");
    assert!(ed > 0, "an existential deposit");

    // A transfer to a new account, watched to finalized.
    let newcomer = key("//Newcomer");
    let amount = 5 * TAO;
    let transfer = dynamic::tx(
        "Balances",
        "transfer_keep_alive",
        (
            MultiAddress::<AccountId32, ()>::Id(account(&newcomer)),
            amount,
        ),
    );
    let events = submit(&api, "Balances.transfer_keep_alive", &transfer, &alice).await;
    assert!(
        has(&events, "System", "ExtrinsicSuccess"),
        "ExtrinsicSuccess among {events:?}"
    );
    let (from, to, value) =
        <([u8; 32], [u8; 32], u64)>::decode(&mut fields(&events, "Balances", "Transfer"))
            .expect("Transfer { from, to, amount } decodes");
    assert_eq!(
        (from, to, value),
        (account(&alice).0, account(&newcomer).0, amount)
    );
    assert_eq!(
        free_balance(&api, &account(&newcomer)).await,
        u128::from(amount)
    );

    // A subnet's life. Alice owns it with a fresh hotkey; Bob registers a neuron.
    let owner_hotkey = key("//Alice//subnet-owner");
    let bob_hotkey = key("//Bob//neuron");
    // Hotkeys sign `set_weights`: give the owner hotkey funds for any fee.
    let fund = dynamic::tx(
        "Balances",
        "transfer_keep_alive",
        (
            MultiAddress::<AccountId32, ()>::Id(account(&owner_hotkey)),
            10 * TAO,
        ),
    );
    submit(&api, "fund the owner hotkey", &fund, &alice).await;

    let register = dynamic::tx(
        "SubtensorModule",
        "register_network",
        (account(&owner_hotkey),),
    );
    let events = submit(&api, "SubtensorModule.register_network", &register, &alice).await;
    let (netuid, _) = <(u16, u16)>::decode(&mut fields(&events, "SubtensorModule", "NetworkAdded"))
        .expect("NetworkAdded(netuid, modality) decodes");
    assert!(netuid >= 1, "a non-root netuid: {netuid}");

    let events = sudo_admin(
        &api,
        "sudo_set_weights_set_rate_limit",
        vec![
            ("netuid", Value::u128(netuid.into())),
            ("weights_set_rate_limit", Value::u128(0)),
        ],
    )
    .await;
    assert!(has(&events, "System", "ExtrinsicSuccess"));
    sudo_admin(
        &api,
        "sudo_set_commit_reveal_weights_enabled",
        vec![
            ("netuid", Value::u128(netuid.into())),
            ("enabled", Value::bool(false)),
        ],
    )
    .await;

    let start = dynamic::tx("SubtensorModule", "start_call", (netuid,));
    let events = submit(&api, "SubtensorModule.start_call", &start, &alice).await;
    assert!(has(
        &events,
        "SubtensorModule",
        "FirstEmissionBlockNumberSet"
    ));

    let burned = dynamic::tx(
        "SubtensorModule",
        "burned_register",
        (netuid, account(&bob_hotkey)),
    );
    let events = submit(&api, "SubtensorModule.burned_register", &burned, &bob).await;
    let (reg_netuid, uid, hotkey) =
        <(u16, u16, [u8; 32])>::decode(&mut fields(&events, "SubtensorModule", "NeuronRegistered"))
            .expect("NeuronRegistered(netuid, uid, hotkey) decodes");
    assert_eq!(
        (reg_netuid, uid, hotkey),
        (netuid, 1, account(&bob_hotkey).0)
    );

    let stake = dynamic::tx(
        "SubtensorModule",
        "add_stake",
        (account(&owner_hotkey), netuid, 100 * TAO),
    );
    let events = submit(&api, "SubtensorModule.add_stake", &stake, &alice).await;
    assert!(has(&events, "SubtensorModule", "StakeAdded"));

    let weights = dynamic::tx(
        "SubtensorModule",
        "set_weights",
        (netuid, vec![0u16, 1u16], vec![u16::MAX, u16::MAX], 0u64),
    );
    let events = submit(&api, "SubtensorModule.set_weights", &weights, &owner_hotkey).await;
    assert!(has(&events, "SubtensorModule", "WeightsSet"));
    let at = step("at_current_block", api.at_current_block())
        .await
        .expect("a current block");
    let uids_addr = dynamic::storage::<(u16, AccountId32), u16>("SubtensorModule", "Uids");
    let bob_uid = step(
        "SubtensorModule.Uids",
        at.storage()
            .fetch(uids_addr, (netuid, account(&bob_hotkey))),
    )
    .await
    .expect("Uids is readable")
    .decode()
    .expect("a u16");
    assert_eq!(bob_uid, 1);

    // Rejections: a real node answers 1010 "Invalid Transaction" with the reason in `data`.
    let payment = dynamic::tx(
        "Balances",
        "transfer_keep_alive",
        (MultiAddress::<AccountId32, ()>::Id(account(&bob)), TAO),
    );
    let mut tx = step("transactions", api.transactions())
        .await
        .expect("a transactions client");
    let mut signable = step(
        "create_signable",
        tx.create_signable(
            &payment,
            &account(&alice),
            DefaultExtrinsicParamsBuilder::<SubtensorConfig>::new().build(),
        ),
    )
    .await
    .expect("a signable transaction");
    let payload = signable.signer_payload().expect("a signer payload");
    let forged = signable
        .sign_with_account_and_signature(
            &account(&alice),
            &MultiSignature::Sr25519(bob.sign(&payload).0),
        )
        .expect("an encoded transaction");
    let Err(err) = step("submit a forged signature", forged.submit_and_watch()).await else {
        panic!("a transaction signed with the wrong key was accepted");
    };
    let text = format!("{err:?}");
    assert!(
        text.contains("1010") && text.contains("Transaction has a bad signature"),
        "bad signature: {text}"
    );

    let stale = DefaultExtrinsicParamsBuilder::<SubtensorConfig>::new()
        .nonce(0)
        .build();
    let Err(err) = step(
        "submit a stale nonce",
        tx.sign_and_submit_then_watch(&payment, &alice, stale),
    )
    .await
    else {
        panic!("a transaction with a used nonce was accepted");
    };
    let text = format!("{err:?}");
    assert!(
        text.contains("1010") && text.contains("Transaction is outdated"),
        "stale nonce: {text}"
    );
}
