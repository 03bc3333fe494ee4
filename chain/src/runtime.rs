//! The chain itself: genesis, block building (hooks, extrinsics in order, finalisation) and the block
//! history. This is the one entry point the node, tests and benchmarks drive.

use crate::admin::{self, AdminOrigin};
use crate::balances;
use crate::block::{aura_slot_digest, extrinsics_root, Header};
use crate::call::{BalancesCall, Call, MultiAddress, SubtensorCall, SudoCall};
use crate::coinbase::{self, CoinbaseOutcome};
use crate::ctx::Ctx;
use crate::error::{DispatchError, ModuleError};
use crate::event::{EventRecord, Phase, SudoEvent, SystemEvent};
use crate::fees;
use crate::items::{self, AdminFreezeWindow, NetworkRateLimit, Number, SubtensorTotalIssuance};
use crate::registration;
use crate::serving;
use crate::staking;
use crate::storage::Storage;
use crate::subnets::{self, SubnetDefaults};
use crate::types::{AccountId, H256};
use crate::weights;
use crate::{commit_reveal, delegate, stake_moves};
use crate::{keys, mev_shield, storage_value, transaction};
use parity_scale_codec::{Decode, Encode};
use sp_crypto_hashing::blake2_256;
use std::collections::HashMap;

const SYSTEM: &str = "System";
storage_value!(
    /// Events of the last block, SCALE-encoded as `Vec<EventRecord>`.
    Events: SYSTEM, Vec<EventRecord> = Vec::new()
);
const TIMESTAMP: &str = "Timestamp";
storage_value!(
    /// The current block's timestamp in milliseconds.
    Now: TIMESTAMP, u64 = 0
);
const SUDO: &str = "Sudo";
storage_value!(
    /// The sudo key.
    Key: SUDO, AccountId = AccountId::ZERO
);

/// How many recent block hashes stay in `System.BlockHash`.
pub const BLOCK_HASH_COUNT: u32 = 2400;

/// Errors building a chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// A dev account could not be derived.
    #[error("dev account: {0}")]
    Key(#[from] keys::KeyError),
}

/// Everything the chain starts from.
#[derive(Clone, Debug)]
pub struct Genesis {
    /// Funded accounts (dev accounts first, then the topology's), in rao.
    pub balances: Vec<(AccountId, u64)>,
    /// The sudo key (Alice on localnets).
    pub sudo: AccountId,
    /// Who authors blocks and receives swap fees.
    pub author: AccountId,
    /// Defaults for new subnets.
    pub subnet_defaults: SubnetDefaults,
    /// Global network registration rate limit in blocks (devnet: 0).
    pub network_rate_limit: u64,
    /// Admin freeze window in blocks (devnet: 0).
    pub admin_freeze_window: u16,
    /// Block interval in milliseconds; block N's timestamp is N × this.
    pub block_time_ms: u64,
    /// Owner coldkey and owner hotkey of the root network (localnet: Alice and `//Alice_hk`).
    pub root_owner: (AccountId, AccountId),
}

impl Genesis {
    /// A localnet-like genesis: the dev accounts funded as subtensor's localnet funds them, Alice as sudo
    /// and author, and taonet's devnet defaults.
    pub fn devnet() -> Result<Self, ChainError> {
        let mut balances = Vec::new();
        for (name, tao) in keys::DEV_ACCOUNTS {
            balances.push((keys::dev_account(name)?, tao * crate::types::RAO_PER_TAO));
        }
        let alice = keys::dev_account("Alice")?;
        Ok(Genesis {
            balances,
            sudo: alice,
            author: alice,
            subnet_defaults: SubnetDefaults::devnet(),
            network_rate_limit: 0,
            admin_freeze_window: 0,
            block_time_ms: 250,
            root_owner: (alice, keys::dev_account("Alice_hk")?),
        })
    }
}

/// A signed extrinsic as the chain applies it (signature checking belongs to the RPC layer).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Extrinsic {
    /// The signer (origin).
    pub signer: AccountId,
    /// The signer's nonce for this extrinsic.
    pub nonce: u32,
    /// What to do.
    pub call: Call,
}

/// Why an extrinsic was not included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransaction {
    /// The nonce was already used.
    #[error("Transaction is outdated")]
    Stale,
    /// The nonce is ahead of the account's.
    #[error("Transaction will be valid in the future")]
    Future,
    /// The signer cannot pay the fee and stay alive.
    #[error("Inability to pay some fees (e.g. account balance too low)")]
    Payment,
    /// A runtime-specific rejection (subtensor's `CustomTransactionError` code).
    #[error("Custom error: {0}")]
    Custom(u8),
}

/// An extrinsic offered to a block together with the exact bytes its body will carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedExtrinsic {
    /// What the chain applies.
    pub extrinsic: Extrinsic,
    /// The length-prefixed extrinsic bytes (as submitted over RPC, or
    /// [`transaction::encode_in_process`] for in-process actors).
    pub encoded: Vec<u8>,
}

impl EncodedExtrinsic {
    /// An in-process extrinsic with its block-body encoding.
    pub fn in_process(extrinsic: Extrinsic) -> Self {
        let encoded = transaction::encode_in_process(&extrinsic);
        EncodedExtrinsic { extrinsic, encoded }
    }
}

/// What happened to one extrinsic of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// Position in the block, or `None` if it was not included.
    pub index: Option<u32>,
    /// The extrinsic.
    pub extrinsic: Extrinsic,
    /// Its hash: blake2_256 of its encoded bytes, as clients compute it.
    pub hash: H256,
    /// Its outcome: not included (invalid), or included with a dispatch result.
    pub outcome: Result<Result<(), DispatchError>, InvalidTransaction>,
}

/// A built block and what happened in it.
#[derive(Clone, Debug)]
pub struct BlockOutcome {
    /// The header.
    pub header: Header,
    /// Its hash.
    pub hash: H256,
    /// One receipt per extrinsic offered, in order.
    pub receipts: Vec<Receipt>,
    /// The block's events.
    pub events: Vec<EventRecord>,
    /// What the coinbase did.
    pub coinbase: CoinbaseOutcome,
    /// The block body: the included extrinsics' exact bytes, in order.
    pub body: Vec<Vec<u8>>,
    /// The inner extrinsics the author decrypted from included `MevShield.submit_encrypted` wrappers and
    /// applied right after them, in block order (each included one is also in `body`).
    pub unshielded: Vec<Receipt>,
}

/// The devnet chain.
#[derive(Clone, Debug)]
pub struct Chain {
    storage: Storage,
    headers: Vec<Header>,
    /// Every block's hash, by number (hashed once, when the block is built).
    hashes: Vec<H256>,
    /// Every block's body, by number.
    bodies: Vec<Vec<Vec<u8>>>,
    /// Block numbers by hash.
    numbers: HashMap<H256, u32>,
    genesis: Genesis,
    /// The block author's MEV-shield key pairs.
    shield: mev_shield::AuthorKeystore,
}

impl Chain {
    /// Builds block 0 from `genesis`.
    pub fn new(genesis: Genesis) -> Self {
        let mut storage = Storage::new();
        let mut total = 0u64;
        for (who, amount) in &genesis.balances {
            balances::mint(&mut storage, who, *amount);
            total = total.saturating_add(*amount);
        }
        SubtensorTotalIssuance::put(&mut storage, total);
        Key::put(&mut storage, genesis.sudo);
        NetworkRateLimit::put(&mut storage, genesis.network_rate_limit);
        AdminFreezeWindow::put(&mut storage, genesis.admin_freeze_window);
        // The author's MEV-shield keys derive from the genesis state so far (which the topology and its
        // seed fix), and are published before the first block.
        let mut shield_seed = b"taonet/mev-shield".to_vec();
        shield_seed.extend_from_slice(&storage.root());
        let shield =
            mev_shield::AuthorKeystore::new(blake2_256(&shield_seed), genesis.block_time_ms);
        mev_shield::genesis(&mut storage, &shield, &genesis.author);
        subnets::init_root_network(&mut storage, &genesis.root_owner.0, &genesis.root_owner.1);
        let header = Header {
            parent_hash: [0u8; 32],
            number: 0,
            state_root: storage.root(),
            extrinsics_root: extrinsics_root(&[]),
            digest: Vec::new(),
        };
        let hash = header.hash();
        items::record_block_hash(&mut storage, 0, hash);
        Chain {
            storage,
            headers: vec![header],
            hashes: vec![hash],
            bodies: vec![Vec::new()],
            numbers: HashMap::from([(hash, 0)]),
            genesis,
            shield,
        }
    }

    /// The state at the best block.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The genesis this chain started from.
    pub fn genesis(&self) -> &Genesis {
        &self.genesis
    }

    /// The block author's MEV-shield key pairs.
    pub fn shield_keystore(&self) -> &mev_shield::AuthorKeystore {
        &self.shield
    }

    /// The best block number.
    pub fn best_number(&self) -> u32 {
        (self.headers.len() - 1) as u32
    }

    /// The best block's header.
    pub fn best_header(&self) -> &Header {
        &self.headers[self.headers.len() - 1]
    }

    /// The best block's hash.
    pub fn best_hash(&self) -> H256 {
        self.hashes[self.hashes.len() - 1]
    }

    /// The header of block `number`, if built.
    pub fn header(&self, number: u32) -> Option<&Header> {
        self.headers.get(number as usize)
    }

    /// The body (exact extrinsic bytes) of block `number`, if built.
    pub fn body(&self, number: u32) -> Option<&[Vec<u8>]> {
        self.bodies.get(number as usize).map(Vec::as_slice)
    }

    /// The number of the block with hash `hash`, if it is on this chain.
    pub fn number_of(&self, hash: &H256) -> Option<u32> {
        self.numbers.get(hash).copied()
    }

    /// The genesis hash.
    pub fn genesis_hash(&self) -> H256 {
        self.hashes[0]
    }

    /// The nonce the next extrinsic of `who` must carry.
    pub fn account_nonce(&self, who: &AccountId) -> u32 {
        balances::nonce(&self.storage, who)
    }

    /// Builds the next block: hooks, then `extrinsics` in the order given (skipping ones whose nonce does
    /// not match or whose signer cannot pay the fee, see [`crate::fees`]), then finalisation. Extrinsics
    /// with a future nonce are reported as such and may be offered again later.
    pub fn build_block(&mut self, extrinsics: Vec<Extrinsic>) -> BlockOutcome {
        self.build_block_encoded(
            extrinsics
                .into_iter()
                .map(EncodedExtrinsic::in_process)
                .collect(),
        )
    }

    /// [`Chain::build_block`] for extrinsics that carry their own encoding (RPC-submitted ones): the block
    /// body holds exactly those bytes, so `chain_getBlock` returns what was submitted and the extrinsics
    /// root commits to it.
    pub fn build_block_encoded(&mut self, extrinsics: Vec<EncodedExtrinsic>) -> BlockOutcome {
        let number = self.best_number() + 1;
        let parent_hash = self.best_hash();
        let block = u64::from(number);
        let mut events = Vec::new();
        Number::put(&mut self.storage, number);
        Now::put(
            &mut self.storage,
            block.saturating_mul(self.genesis.block_time_ms),
        );
        let author = self.genesis.author;
        let sudo_key = Key::get(&self.storage);
        let defaults = self.genesis.subnet_defaults.clone();
        // The `announce_next_key` inherent.
        mev_shield::rotate(&mut self.storage, &self.shield, &author, number);
        let hashes = &self.hashes;
        let shield = &self.shield;

        let mut ctx = Ctx {
            s: &mut self.storage,
            block,
            events: &mut events,
            phase: Phase::Initialization,
            author,
        };
        let netuids = subnets::netuids(ctx.s);
        registration::update_registration_prices(ctx.s, &netuids, block);
        registration::root_block_step(ctx.s, block);
        let coinbase = coinbase::run(&mut ctx, &netuids);
        // After the coinbase: children whose cooldown passed apply at their subnet's epoch.
        crate::childkeys::apply_pending_children(&mut ctx, &netuids);
        // Then root dividends are auto-claimed for coldkeys chosen from the parent hash.
        crate::root::claim::run_auto_claim(&mut ctx, &parent_hash);

        let mut receipts = Vec::with_capacity(extrinsics.len());
        let mut unshielded = Vec::new();
        let mut included: Vec<Vec<u8>> = Vec::new();
        for EncodedExtrinsic {
            extrinsic: ext,
            encoded,
        } in extrinsics
        {
            // MEV shield: the author takes only wrappers sealed to its key for this block (or, as a
            // grace, the previous key slot's).
            let shielded = match mev_shield::wrapper_ciphertext(&ext.call)
                .map(mev_shield::ShieldedTransaction::parse)
            {
                None => None,
                Some(Ok(tx)) => match mev_shield::sealed_for(ctx.s, shield, number, &tx.key_hash) {
                    Some(key_block) => Some((tx, key_block)),
                    None => {
                        // Sealed to another key: the author skips it, and it waits in the pool until
                        // its era runs out.
                        receipts.push(Receipt {
                            index: None,
                            hash: transaction::extrinsic_hash(&encoded),
                            extrinsic: ext,
                            outcome: Err(InvalidTransaction::Future),
                        });
                        continue;
                    }
                },
                Some(Err(_)) => {
                    // Unparseable: `CheckShieldedTxValidity` rejects it.
                    receipts.push(Receipt {
                        index: None,
                        hash: transaction::extrinsic_hash(&encoded),
                        extrinsic: ext,
                        outcome: Err(InvalidTransaction::Custom(
                            mev_shield::FAILED_SHIELDED_TX_PARSING,
                        )),
                    });
                    continue;
                }
            };
            let receipt =
                apply_extrinsic(&mut ctx, ext, encoded, &mut included, &sudo_key, &defaults);
            let wrapper_included = receipt.index.is_some();
            receipts.push(receipt);
            // Right after its wrapper, the decrypted inner extrinsic is applied like any other.
            if let (Some((tx, key_block)), true) = (shielded, wrapper_included) {
                let block_hash = |n: u32| hashes.get(n as usize).copied();
                let cx = mev_shield::InnerContext {
                    number,
                    genesis_hash: hashes[0],
                    block_hash: &block_hash,
                };
                if let Ok(inner) = mev_shield::unshield(shield, &tx, key_block, &cx) {
                    unshielded.push(apply_extrinsic(
                        &mut ctx,
                        inner.extrinsic,
                        inner.encoded,
                        &mut included,
                        &sudo_key,
                        &defaults,
                    ));
                }
            }
        }

        self.storage.put_slice(Events::key(), &events);
        if number > BLOCK_HASH_COUNT {
            items::BlockHash::remove(&mut self.storage, &(number - BLOCK_HASH_COUNT - 1));
        }
        let header = Header {
            parent_hash,
            number,
            state_root: self.storage.root(),
            extrinsics_root: extrinsics_root(&included),
            digest: vec![aura_slot_digest(block)],
        };
        let hash = header.hash();
        // The hash of block N is visible in state from block N+1 on, as in Substrate.
        items::record_block_hash(&mut self.storage, number, hash);
        self.headers.push(header.clone());
        self.hashes.push(hash);
        self.bodies.push(included.clone());
        self.numbers.insert(hash, number);
        BlockOutcome {
            header,
            hash,
            receipts,
            events,
            coinbase,
            body: included,
            unshielded,
        }
    }
}

/// Applies one signed extrinsic at the next index of the block: nonce and fee checks
/// (`CheckNonce`, `ChargeTransactionPayment`), then a transactional dispatch and its
/// `ExtrinsicSuccess`/`ExtrinsicFailed` event. Its bytes join `included` when it is included.
fn apply_extrinsic(
    ctx: &mut Ctx<'_>,
    ext: Extrinsic,
    encoded: Vec<u8>,
    included: &mut Vec<Vec<u8>>,
    sudo_key: &AccountId,
    defaults: &SubnetDefaults,
) -> Receipt {
    let hash = transaction::extrinsic_hash(&encoded);
    let expected = balances::nonce(ctx.s, &ext.signer);
    if ext.nonce != expected {
        let invalid = if ext.nonce < expected {
            InvalidTransaction::Stale
        } else {
            InvalidTransaction::Future
        };
        return Receipt {
            index: None,
            extrinsic: ext,
            hash,
            outcome: Err(invalid),
        };
    }
    // ChargeTransactionPayment: an extrinsic that cannot pay its fee is not included.
    let Some(charge) = fees::pre_dispatch(ctx.s, &ext.signer, &ext.call, &encoded) else {
        return Receipt {
            index: None,
            extrinsic: ext,
            hash,
            outcome: Err(InvalidTransaction::Payment),
        };
    };
    let index = included.len() as u32;
    ctx.phase = Phase::ApplyExtrinsic(index);
    balances::inc_nonce(ctx.s, &ext.signer);
    // A failed call leaves no trace but its nonce, fee and failure event, as a transactional
    // dispatch does in FRAME.
    let result = transactional(ctx, |ctx| {
        dispatch(ctx, &ext.signer, &ext.call, sudo_key, defaults)
    });
    let info = fees::post_dispatch(ctx, &ext.signer, &ext.call, charge, result.is_ok());
    match result {
        Ok(()) => ctx.deposit(SystemEvent::ExtrinsicSuccess {
            dispatch_info: info,
        }),
        Err(e) => ctx.deposit(SystemEvent::ExtrinsicFailed {
            dispatch_error: e,
            dispatch_info: info,
        }),
    }
    included.push(encoded);
    Receipt {
        index: Some(index),
        extrinsic: ext,
        hash,
        outcome: Ok(result),
    }
}

fn sudo_error_require_sudo() -> DispatchError {
    DispatchError::Module(ModuleError {
        index: 12,
        error: [0, 0, 0, 0],
    })
}

/// Runs `f` as FRAME's transactional dispatch does: if it fails, its storage writes and events are
/// undone. Transactions nest (a sudo call inside an extrinsic).
fn transactional(
    ctx: &mut Ctx<'_>,
    f: impl FnOnce(&mut Ctx<'_>) -> Result<(), DispatchError>,
) -> Result<(), DispatchError> {
    ctx.s.begin();
    let events_before = ctx.events.len();
    let result = f(ctx);
    if result.is_err() {
        ctx.s.rollback();
        ctx.events.truncate(events_before);
    } else {
        ctx.s.commit();
    }
    result
}

/// Dispatches one call from a signed origin.
fn dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &Call,
    sudo_key: &AccountId,
    defaults: &SubnetDefaults,
) -> Result<(), DispatchError> {
    match call {
        Call::Balances(c) => dispatch_balances(ctx, who, c),
        Call::SubtensorModule(c) => dispatch_subtensor(ctx, who, c, defaults),
        Call::AdminUtils(c) => admin::dispatch(ctx, AdminOrigin::Signed(*who), c),
        Call::Commitments(c) => crate::commitments::dispatch(ctx, who, false, c),
        Call::MevShield(c) => mev_shield::dispatch(ctx, who, c),
        Call::Sudo(SudoCall::sudo { call }) => {
            if who != sudo_key {
                return Err(sudo_error_require_sudo());
            }
            let result = transactional(ctx, |ctx| match call.as_ref() {
                Call::AdminUtils(c) => admin::dispatch(ctx, AdminOrigin::Root, c),
                Call::Balances(c) => dispatch_balances(ctx, who, c),
                Call::Commitments(c) => crate::commitments::dispatch(ctx, who, true, c),
                Call::SubtensorModule(c) if crate::childkeys::is_root_call(c) => {
                    crate::childkeys::dispatch_root(ctx, c)
                }
                Call::SubtensorModule(c) if crate::root::claim::is_root_call(c) => {
                    crate::root::claim::dispatch_root(ctx, c)
                }
                Call::SubtensorModule(c) if subnets::is_root_call(c) => {
                    subnets::dispatch_root(ctx, c)
                }
                Call::SubtensorModule(c @ SubtensorCall::set_activity_cutoff_factor { .. }) => {
                    admin::activity_cutoff::dispatch(ctx, AdminOrigin::Root, c)
                }
                _ => Err(DispatchError::BadOrigin),
            });
            ctx.deposit(crate::event::Event::Sudo(SudoEvent::Sudid {
                sudo_result: result,
            }));
            Ok(())
        }
    }
}

fn dispatch_balances(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &BalancesCall,
) -> Result<(), DispatchError> {
    use balances::Existence;
    let (dest, amount, existence) = match call {
        BalancesCall::transfer_allow_death {
            dest: MultiAddress::Id(d),
            value,
        } => (*d, value.0, Existence::AllowDeath),
        BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(d),
            value,
        } => (*d, value.0, Existence::KeepAlive),
        BalancesCall::transfer_all {
            dest: MultiAddress::Id(d),
            keep_alive,
        } => {
            let free = balances::free_balance(ctx.s, who);
            if *keep_alive {
                (
                    *d,
                    free.saturating_sub(balances::EXISTENTIAL_DEPOSIT),
                    Existence::KeepAlive,
                )
            } else {
                (*d, free, Existence::AllowDeath)
            }
        }
    };
    balances::transfer(ctx.s, who, &dest, amount, existence)?;
    ctx.deposit(crate::event::BalancesEvent::Transfer {
        from: *who,
        to: dest,
        amount,
    });
    Ok(())
}

fn dispatch_subtensor(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &SubtensorCall,
    defaults: &SubnetDefaults,
) -> Result<(), DispatchError> {
    match call {
        SubtensorCall::set_weights {
            netuid,
            dests,
            weights: values,
            version_key,
        } => weights::set_weights(ctx, who, *netuid, dests, values, *version_key),
        SubtensorCall::add_stake {
            hotkey,
            netuid,
            amount_staked,
        } => staking::add_stake(ctx, who, hotkey, *netuid, *amount_staked, None).map(|_| ()),
        SubtensorCall::remove_stake {
            hotkey,
            netuid,
            amount_unstaked,
        } => staking::remove_stake(ctx, who, hotkey, *netuid, *amount_unstaked, None).map(|_| ()),
        SubtensorCall::add_stake_limit {
            hotkey,
            netuid,
            amount_staked,
            limit_price,
            allow_partial,
        } => staking::add_stake(
            ctx,
            who,
            hotkey,
            *netuid,
            *amount_staked,
            Some((*limit_price, *allow_partial)),
        )
        .map(|_| ()),
        SubtensorCall::remove_stake_limit {
            hotkey,
            netuid,
            amount_unstaked,
            limit_price,
            allow_partial,
        } => staking::remove_stake(
            ctx,
            who,
            hotkey,
            *netuid,
            *amount_unstaked,
            Some((*limit_price, *allow_partial)),
        )
        .map(|_| ()),
        SubtensorCall::serve_axon {
            netuid,
            version,
            ip,
            port,
            ip_type,
            protocol,
            ..
        } => serving::serve_axon(ctx, who, *netuid, *version, *ip, *port, *ip_type, *protocol),
        SubtensorCall::root_register { hotkey } => {
            registration::root_register(ctx, who, hotkey).map(|_| ())
        }
        SubtensorCall::register_limit {
            netuid,
            hotkey,
            limit_price,
        } => registration::register_limit(ctx, who, *netuid, hotkey, *limit_price).map(|_| ()),
        SubtensorCall::burned_register { netuid, hotkey } => {
            registration::burned_register(ctx, who, *netuid, hotkey).map(|_| ())
        }
        SubtensorCall::register_network { hotkey } => {
            subnets::register_network(ctx, who, hotkey, defaults).map(|_| ())
        }
        SubtensorCall::start_call { netuid } => subnets::start_call(ctx, who, *netuid),
        SubtensorCall::try_associate_hotkey { hotkey } => {
            registration::create_hotkey_account(ctx.s, who, hotkey)
        }
        SubtensorCall::set_tempo { netuid, tempo } => {
            crate::tempo_control::set_tempo(ctx, who, *netuid, *tempo)
        }
        SubtensorCall::trigger_epoch { netuid } => {
            crate::tempo_control::trigger_epoch(ctx, who, *netuid)
        }
        SubtensorCall::set_activity_cutoff_factor { .. } => {
            admin::activity_cutoff::dispatch(ctx, AdminOrigin::Signed(*who), call)
        }
        // Root-only (through `Sudo.sudo`).
        SubtensorCall::dissolve_network { .. } | SubtensorCall::root_dissolve_network { .. } => {
            Err(DispatchError::BadOrigin)
        }
        SubtensorCall::serve_prometheus {
            netuid,
            version,
            ip,
            port,
            ip_type,
        } => serving::serve_prometheus(ctx, who, *netuid, *version, *ip, *port, *ip_type),
        SubtensorCall::serve_axon_tls {
            netuid,
            version,
            ip,
            port,
            ip_type,
            protocol,
            ..
        } => serving::serve_axon(ctx, who, *netuid, *version, *ip, *port, *ip_type, *protocol),
        SubtensorCall::decrease_take { hotkey, take } => {
            delegate::decrease_take(ctx, who, hotkey, *take)
        }
        SubtensorCall::increase_take { hotkey, take } => {
            delegate::increase_take(ctx, who, hotkey, *take)
        }
        SubtensorCall::unstake_all { hotkey } => stake_moves::unstake_all(ctx, who, hotkey),
        SubtensorCall::unstake_all_alpha { hotkey } => {
            stake_moves::unstake_all_alpha(ctx, who, hotkey)
        }
        SubtensorCall::recycle_alpha {
            hotkey,
            amount,
            netuid,
        } => staking::recycle_alpha(ctx, who, hotkey, *amount, *netuid).map(|_| ()),
        SubtensorCall::burn_alpha {
            hotkey,
            amount,
            netuid,
        } => staking::burn_alpha(ctx, who, hotkey, *amount, *netuid).map(|_| ()),
        SubtensorCall::add_stake_burn {
            hotkey,
            netuid,
            amount,
            limit,
        } => staking::add_stake_burn(ctx, who, hotkey, *netuid, *amount, *limit),
        SubtensorCall::set_coldkey_auto_stake_hotkey { netuid, hotkey } => {
            staking::set_coldkey_auto_stake_hotkey(ctx, who, *netuid, hotkey)
        }
        SubtensorCall::move_stake {
            origin_hotkey,
            destination_hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => stake_moves::move_stake(
            ctx,
            who,
            origin_hotkey,
            destination_hotkey,
            *origin_netuid,
            *destination_netuid,
            *alpha_amount,
        ),
        SubtensorCall::transfer_stake {
            destination_coldkey,
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => stake_moves::transfer_stake(
            ctx,
            who,
            destination_coldkey,
            hotkey,
            *origin_netuid,
            *destination_netuid,
            *alpha_amount,
        ),
        SubtensorCall::swap_stake {
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => stake_moves::swap_stake(
            ctx,
            who,
            hotkey,
            *origin_netuid,
            *destination_netuid,
            *alpha_amount,
            None,
        ),
        SubtensorCall::swap_stake_limit {
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
            limit_price,
            allow_partial,
        } => stake_moves::swap_stake(
            ctx,
            who,
            hotkey,
            *origin_netuid,
            *destination_netuid,
            *alpha_amount,
            Some((*limit_price, *allow_partial)),
        ),
        SubtensorCall::commit_weights {
            netuid,
            commit_hash,
        } => commit_reveal::commit_weights(ctx, who, *netuid, *commit_hash),
        SubtensorCall::reveal_weights {
            netuid,
            uids,
            values,
            salt,
            version_key,
        } => commit_reveal::reveal_weights(ctx, who, *netuid, uids, values, salt, *version_key),
        SubtensorCall::set_mechanism_weights {
            netuid,
            mecid,
            dests,
            weights: values,
            version_key,
        } => weights::set_mechanism_weights(ctx, who, *netuid, *mecid, dests, values, *version_key),
        SubtensorCall::batch_set_weights {
            netuids,
            weights: rows,
            version_keys,
        } => weights::batch_set_weights(ctx, who, netuids, rows, version_keys),
        SubtensorCall::commit_mechanism_weights {
            netuid,
            mecid,
            commit_hash,
        } => commit_reveal::commit_mechanism_weights(ctx, who, *netuid, *mecid, *commit_hash),
        SubtensorCall::batch_commit_weights {
            netuids,
            commit_hashes,
        } => commit_reveal::batch_commit_weights(ctx, who, netuids, commit_hashes),
        SubtensorCall::reveal_mechanism_weights {
            netuid,
            mecid,
            uids,
            values,
            salt,
            version_key,
        } => commit_reveal::reveal_mechanism_weights(
            ctx,
            who,
            *netuid,
            *mecid,
            uids,
            values,
            salt,
            *version_key,
        ),
        SubtensorCall::batch_reveal_weights {
            netuid,
            uids_list,
            values_list,
            salts_list,
            version_keys,
        } => commit_reveal::batch_reveal_weights(
            ctx,
            who,
            *netuid,
            uids_list,
            values_list,
            salts_list,
            version_keys,
        ),
        SubtensorCall::remove_stake_full_limit {
            hotkey,
            netuid,
            limit_price,
        } => stake_moves::remove_stake_full_limit(ctx, who, hotkey, *netuid, *limit_price),
        SubtensorCall::set_subnet_identity {
            netuid,
            subnet_name,
            github_repo,
            subnet_contact,
            subnet_url,
            discord,
            description,
            logo_url,
            additional,
        } => crate::identity::set_subnet_identity(
            ctx,
            who,
            *netuid,
            crate::rpc_info::SubnetIdentityV3 {
                subnet_name: subnet_name.clone(),
                github_repo: github_repo.clone(),
                subnet_contact: subnet_contact.clone(),
                subnet_url: subnet_url.clone(),
                discord: discord.clone(),
                description: description.clone(),
                logo_url: logo_url.clone(),
                additional: additional.clone(),
            },
        ),
        SubtensorCall::register_network_with_identity { hotkey, identity } => {
            crate::identity::register_network_with_identity(
                ctx,
                who,
                hotkey,
                identity.clone(),
                defaults,
            )
            .map(|_| ())
        }
        SubtensorCall::set_children { .. }
        | SubtensorCall::set_childkey_take { .. }
        | SubtensorCall::sudo_set_tx_childkey_take_rate_limit { .. }
        | SubtensorCall::sudo_set_min_childkey_take { .. }
        | SubtensorCall::sudo_set_max_childkey_take { .. }
        | SubtensorCall::set_pending_childkey_cooldown { .. }
        | SubtensorCall::set_auto_parent_delegation_enabled { .. } => {
            crate::childkeys::dispatch(ctx, who, call)
        }
        SubtensorCall::claim_root { .. }
        | SubtensorCall::set_root_claim_type { .. }
        | SubtensorCall::sudo_set_num_root_claims { .. }
        | SubtensorCall::sudo_set_root_claim_threshold { .. } => {
            crate::root::claim::dispatch(ctx, who, call)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_hashes_are_the_hashes_of_the_headers() {
        let mut chain = Chain::new(Genesis::devnet().expect("dev genesis"));
        assert_eq!(chain.genesis_hash(), chain.headers[0].hash());
        for n in 1..=3u32 {
            let outcome = chain.build_block(Vec::new());
            assert_eq!(outcome.hash, outcome.header.hash());
            assert_eq!(chain.best_hash(), chain.best_header().hash());
            assert_eq!(
                outcome.header.parent_hash,
                chain.headers[n as usize - 1].hash()
            );
            assert_eq!(chain.number_of(&outcome.hash), Some(n));
        }
        assert_eq!(chain.genesis_hash(), chain.headers[0].hash());
    }
}
