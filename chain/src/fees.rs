//! Transaction fees as subtensor charges them (`pallet_transaction_payment` with subtensor's
//! `LinearWeightToFee`, `IdentityFee` length fee and a constant multiplier of 1).
//!
//! ```text
//! fee = base_fee + len_fee + weight_fee + tip        (Pays::Yes)
//! fee = tip                                          (Pays::No)
//!   base_fee   = weight_to_fee(BASE_EXTRINSIC_REF_TIME)
//!   len_fee    = 1 rao × encoded length (length prefix included)
//!   weight_fee = weight_to_fee(call weight)
//!   weight_to_fee(w) = Perbill(500_000) × w.ref_time = w.ref_time × 0.0005, rounded to nearest (ties down)
//! ```
//!
//! Each call's weight comes from [`call_info`], a table mirroring subtensor's benchmarked weights
//! (`pallets/subtensor/src/weights.rs`: the base `from_parts` plus `RocksDbWeight` reads × 25 µs and
//! writes × 100 µs). The weights calls (`set_weights`, `commit_weights`, `reveal_weights`, their
//! mechanism and batch forms), `serve_axon(_tls)`, `serve_prometheus` and `increase_take`/`decrease_take`
//! are `Pays::No` as in subtensor; a successful
//! `Sudo.sudo` is refunded (`Pays::No` post-dispatch). The fee is withdrawn before dispatch (it stays
//! paid when the call fails) and goes to the block author, so issuance never changes.

use crate::balances::{self, EXISTENTIAL_DEPOSIT};
use crate::call::{BalancesCall, Call, SubtensorCall};
use crate::ctx::Ctx;
use crate::event::{DispatchClass, DispatchEventInfo, Pays, TransactionPaymentEvent, Weight};
use crate::items::Account;
use crate::storage::Storage;
use crate::types::AccountId;
use parity_scale_codec::Compact;

/// `RocksDbWeight` read cost (ref time, picoseconds).
pub const DB_READ_REF_TIME: u64 = 25_000_000;
/// `RocksDbWeight` write cost (ref time, picoseconds).
pub const DB_WRITE_REF_TIME: u64 = 100_000_000;
/// `frame_support::weights::constants::ExtrinsicBaseWeight`: every extrinsic's base weight, charged as
/// the base fee.
pub const BASE_EXTRINSIC_REF_TIME: u64 = 99_840_000;
/// Subtensor's `LinearWeightToFee` coefficient, in parts per billion (Perbill 500 000 = 0.0005).
pub const WEIGHT_FEE_PERBILL: u64 = 500_000;

/// Weight, class and fee policy of one call (`frame_support::dispatch::DispatchInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallInfo {
    /// The call's declared weight.
    pub weight: Weight,
    /// Its dispatch class.
    pub class: DispatchClass,
    /// Whether it pays a fee.
    pub pays: Pays,
}

/// What one extrinsic costs, split as `query_fee_details` reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeBreakdown {
    /// Base fee (0 for `Pays::No`).
    pub base_fee: u64,
    /// Length fee (0 for `Pays::No`).
    pub len_fee: u64,
    /// Weight fee (0 for `Pays::No`).
    pub weight_fee: u64,
    /// The tip, always charged.
    pub tip: u64,
}

impl FeeBreakdown {
    /// Everything but the tip (`RuntimeDispatchInfo::partial_fee`).
    pub fn partial(&self) -> u64 {
        self.base_fee
            .saturating_add(self.len_fee)
            .saturating_add(self.weight_fee)
    }

    /// The amount withdrawn: the partial fee plus the tip.
    pub fn total(&self) -> u64 {
        self.partial().saturating_add(self.tip)
    }
}

/// `Weight::from_parts(ref_time, proof_size) + reads × DB read + writes × DB write`.
const fn bench(ref_time: u64, proof_size: u64, reads: u64, writes: u64) -> (u64, u64) {
    (
        ref_time + reads * DB_READ_REF_TIME + writes * DB_WRITE_REF_TIME,
        proof_size,
    )
}

/// Sudo's own weight (`pallet_sudo::weights::sudo`), added to the inner call's.
const SUDO: (u64, u64) = bench(11_000_000, 1_505, 1, 0);
/// Weight given to every `AdminUtils` setter (subtensor benchmarks them at 5–20 µs + 1 read, 1 write).
const ADMIN: (u64, u64) = bench(15_000_000, 0, 1, 1);

fn weight((ref_time, proof_size): (u64, u64)) -> Weight {
    Weight {
        ref_time: Compact(ref_time),
        proof_size: Compact(proof_size),
    }
}

fn table(call: &Call) -> ((u64, u64), Pays) {
    use SubtensorCall as S;
    match call {
        // pallet_balances' benchmarked weights.
        Call::Balances(BalancesCall::transfer_allow_death { .. }) => {
            (bench(50_623_000, 3_593, 1, 1), Pays::Yes)
        }
        Call::Balances(BalancesCall::transfer_keep_alive { .. }) => {
            (bench(39_700_000, 3_593, 1, 1), Pays::Yes)
        }
        Call::Balances(BalancesCall::transfer_all { .. }) => {
            (bench(48_000_000, 3_593, 1, 1), Pays::Yes)
        }
        Call::SubtensorModule(c) => match c {
            S::set_weights { .. } => (bench(15_513_610_000, 10_327_410, 4_112, 2), Pays::No),
            // Declared in `dispatches.rs` rather than benchmarked.
            S::set_mechanism_weights { .. } => (bench(15_540_000_000, 0, 4_111, 2), Pays::No),
            S::batch_set_weights { .. } => (bench(103_092_000, 7_395, 16, 2), Pays::No),
            S::batch_commit_weights { .. } => (bench(147_224_000, 4_765, 15, 2), Pays::No),
            S::batch_reveal_weights { .. } => (bench(421_363_000, 8_095, 19, 2), Pays::No),
            S::commit_mechanism_weights { .. } => (bench(55_130_000, 0, 7, 2), Pays::No),
            S::reveal_mechanism_weights { .. } => (bench(122_000_000, 0, 16, 2), Pays::No),
            S::add_stake { .. } => (bench(664_064_000, 8_727, 32, 16), Pays::Yes),
            S::remove_stake { .. } => (bench(569_198_000, 10_557, 28, 13), Pays::Yes),
            S::add_stake_limit { .. } => (bench(853_005_000, 8_727, 32, 16), Pays::Yes),
            S::remove_stake_limit { .. } => (bench(740_696_000, 10_591, 27, 13), Pays::Yes),
            S::serve_axon { .. } => (bench(31_278_000, 4_178, 3, 1), Pays::No),
            S::burned_register { .. } => (bench(336_815_000, 6_148, 34, 29), Pays::Yes),
            S::register_limit { .. } => (bench(354_200_000, 0, 47, 40), Pays::Yes),
            S::root_register { .. } => (bench(103_934_000, 4_981, 19, 16), Pays::Yes),
            S::register_network { .. } => (bench(277_125_000, 9_947, 40, 48), Pays::Yes),
            S::start_call { .. } => (bench(39_454_000, 4_583, 5, 2), Pays::Yes),
            S::try_associate_hotkey { .. } => (bench(25_337_000, 4_283, 3, 3), Pays::Yes),
            S::serve_prometheus { .. } => (bench(29_294_000, 4_277, 3, 1), Pays::No),
            S::serve_axon_tls { .. } => (bench(31_278_000, 4_178, 3, 1), Pays::No),
            S::decrease_take { .. } => (bench(29_895_000, 4_295, 3, 2), Pays::No),
            S::increase_take { .. } => (bench(37_710_000, 4_388, 5, 2), Pays::No),
            S::unstake_all { .. } => (bench(26_830_000, 9_189, 6, 0), Pays::Yes),
            S::unstake_all_alpha { .. } => (bench(700_873_000, 11_306, 43, 25), Pays::Yes),
            S::recycle_alpha { .. } => (bench(172_139_000, 5_219, 13, 6), Pays::Yes),
            S::burn_alpha { .. } => (bench(168_964_000, 5_219, 12, 4), Pays::Yes),
            S::add_stake_burn { .. } => (bench(967_308_000, 8_727, 33, 17), Pays::Yes),
            S::set_coldkey_auto_stake_hotkey { .. } => (bench(33_853_000, 4_274, 4, 2), Pays::Yes),
            S::move_stake { .. } => (bench(216_061_000, 7_919, 19, 7), Pays::Yes),
            S::transfer_stake { .. } => (bench(258_541_000, 7_994, 19, 6), Pays::Yes),
            S::swap_stake { .. } => (bench(742_019_000, 10_920, 47, 24), Pays::Yes),
            S::swap_stake_limit { .. } => (bench(944_515_000, 11_077, 47, 24), Pays::Yes),
            S::commit_weights { .. } => (bench(69_049_000, 4_714, 13, 2), Pays::No),
            S::reveal_weights { .. } => (bench(111_227_000, 7_590, 19, 2), Pays::No),
            S::remove_stake_full_limit { .. } => (bench(754_292_000, 10_591, 27, 13), Pays::Yes),
            S::set_subnet_identity { .. } => (bench(17_513_000, 4_060, 1, 1), Pays::Yes),
            S::register_network_with_identity { .. } => {
                (bench(275_041_000, 9_883, 39, 47), Pays::Yes)
            }
            // subtensor's declared weights (set_children is not benchmarked there either).
            S::set_children { .. } => (bench(119_000_000, 0, 6, 31), Pays::Yes),
            S::set_childkey_take { .. } => (bench(53_870_000, 4_498, 7, 2), Pays::Yes),
            S::sudo_set_tx_childkey_take_rate_limit { .. } => {
                (bench(5_760_000, 0, 0, 1), Pays::Yes)
            }
            S::sudo_set_min_childkey_take { .. } | S::sudo_set_max_childkey_take { .. } => {
                (bench(6_000, 0, 1, 1), Pays::Yes)
            }
            S::set_pending_childkey_cooldown { .. } => (bench(3_000_000, 0, 0, 1), Pays::Yes),
            // Root claims (declared weights; subtensor refunds `claim_root` down to the work done).
            S::claim_root { .. } => (bench(138_999_000, 7_875, 16, 4), Pays::Yes),
            S::set_root_claim_type { .. } => (bench(18_283_000, 3_941, 2, 4), Pays::Yes),
            S::sudo_set_num_root_claims { .. } => (bench(2_735_000, 0, 0, 1), Pays::Yes),
            S::sudo_set_root_claim_threshold { .. } => (bench(5_681_000, 0, 0, 1), Pays::Yes),
            S::set_tempo { .. } => (bench(46_407_000, 4_440, 6, 3), Pays::Yes),
            S::trigger_epoch { .. } => (bench(42_539_000, 4_447, 8, 2), Pays::Yes),
            S::set_activity_cutoff_factor { .. } => (bench(39_193_000, 4_364, 7, 2), Pays::Yes),
            S::set_auto_parent_delegation_enabled { .. } => {
                (bench(28_023_000, 4_364, 2, 1), Pays::Yes)
            }
            S::dissolve_network { .. } | S::root_dissolve_network { .. } => {
                (bench(119_000_000, 0, 6, 31), Pays::Yes)
            }
            // A call added without a row here pays like an admin setter until it gets one.
            #[allow(unreachable_patterns)]
            _ => (ADMIN, Pays::Yes),
        },
        // Declared in admin-utils' `lib.rs` (an operational call there; taonet classes every call Normal).
        Call::AdminUtils(crate::call::AdminCall::sudo_set_owner_cut_enabled { .. }) => {
            (bench(25_000_000, 0, 4, 1), Pays::Yes)
        }
        // admin-utils' benchmarked weights (`weights.rs`).
        Call::AdminUtils(crate::call::AdminCall::sudo_set_min_childkey_take_per_subnet {
            ..
        }) => (bench(38_100_000, 4_419, 7, 1), Pays::Yes),
        Call::AdminUtils(crate::call::AdminCall::sudo_trim_to_max_allowed_uids { .. }) => {
            (bench(38_302_000, 4_398, 8, 1), Pays::Yes)
        }
        Call::AdminUtils(crate::call::AdminCall::sudo_set_sn_owner_hotkey { .. }) => {
            (bench(25_687_000, 4_177, 2, 2), Pays::Yes)
        }
        // Declared (not benchmarked) in admin-utils' `lib.rs`.
        Call::AdminUtils(crate::call::AdminCall::sudo_set_subnet_owner_hotkey { .. }) => {
            (bench(3_918_000, 0, 0, 1), Pays::Yes)
        }
        Call::AdminUtils(_) => (ADMIN, Pays::Yes),
        // pallet_commitments' benchmarked weights; committing is free.
        Call::Commitments(crate::commitments::CommitmentsCall::set_commitment { .. }) => {
            (bench(33_480_000, 0, 5, 4), Pays::No)
        }
        Call::Commitments(crate::commitments::CommitmentsCall::set_max_space { .. }) => {
            (bench(2_856_000, 0, 0, 1), Pays::Yes)
        }
        // pallet_shield's benchmarked weights.
        Call::MevShield(c) => {
            let (ref_time, proof_size, reads, writes) = crate::mev_shield::weight_parts(c);
            (bench(ref_time, proof_size, reads, writes), Pays::Yes)
        }
        Call::Sudo(crate::call::SudoCall::sudo { call }) => {
            let ((r, p), _) = table(call);
            (
                (SUDO.0.saturating_add(r), SUDO.1.saturating_add(p)),
                Pays::Yes,
            )
        }
    }
}

/// The declared weight, class and fee policy of `call` (see the module docs for the table).
pub fn call_info(call: &Call) -> CallInfo {
    let (w, pays) = table(call);
    CallInfo {
        weight: weight(w),
        class: DispatchClass::Normal,
        pays,
    }
}

/// Whether the fee is waived after a dispatch with result `ok` (`PostDispatchInfo::pays_fee`):
/// a successful `Sudo.sudo` returns `Pays::No`.
pub fn post_dispatch_pays(call: &Call, info: &CallInfo, ok: bool) -> Pays {
    match call {
        Call::Sudo(_) if ok => Pays::No,
        _ => info.pays,
    }
}

/// `LinearWeightToFee`: `Perbill(500_000) × ref_time`, rounded to nearest with ties down, as
/// `Perbill × u64` rounds.
pub fn weight_to_fee(ref_time: u64) -> u64 {
    let num = u128::from(ref_time) * u128::from(WEIGHT_FEE_PERBILL);
    let (q, r) = (num / 1_000_000_000, num % 1_000_000_000);
    let q = if r > 500_000_000 { q + 1 } else { q };
    u64::try_from(q).unwrap_or(u64::MAX)
}

/// `IdentityFee`: one rao per byte.
pub fn length_to_fee(len: u32) -> u64 {
    u64::from(len)
}

/// The fee of an extrinsic of `len` encoded bytes carrying `info` and `tip`.
pub fn compute(info: &CallInfo, len: u32, tip: u64) -> FeeBreakdown {
    compute_with(info.pays, info, len, tip)
}

/// [`compute`] under an explicit fee policy (the post-dispatch one at inclusion).
pub fn compute_with(pays: Pays, info: &CallInfo, len: u32, tip: u64) -> FeeBreakdown {
    match pays {
        Pays::No => FeeBreakdown {
            tip,
            ..FeeBreakdown::default()
        },
        Pays::Yes => FeeBreakdown {
            base_fee: weight_to_fee(BASE_EXTRINSIC_REF_TIME),
            len_fee: length_to_fee(len),
            weight_fee: weight_to_fee(info.weight.ref_time.0),
            tip,
        },
    }
}

/// The fee of `call` sent as `encoded_len` bytes with `tip`.
pub fn fee_for(call: &Call, encoded_len: usize, tip: u64) -> FeeBreakdown {
    let len = u32::try_from(encoded_len).unwrap_or(u32::MAX);
    compute(&call_info(call), len, tip)
}

/// Whether `who` can pay `fee` and stay alive (the fee is withdrawn with `Preservation::Preserve`).
pub fn can_pay(s: &Storage, who: &AccountId, fee: u64) -> bool {
    fee == 0
        || balances::free_balance(s, who)
            .checked_sub(fee)
            .is_some_and(|left| left >= EXISTENTIAL_DEPOSIT)
}

/// Takes `fee` out of `who`'s free balance, leaving issuance alone: the fee is in flight until
/// [`settle`] hands it to the author. Callers check [`can_pay`] first; returns false (and takes
/// nothing) if the account cannot pay.
pub fn withdraw(s: &mut Storage, who: &AccountId, fee: u64) -> bool {
    if !can_pay(s, who, fee) {
        return false;
    }
    if fee > 0 {
        Account::mutate(s, who, |a| a.data.free = a.data.free.saturating_sub(fee));
    }
    true
}

/// Settles a withdrawn fee: `refund` goes back to the signer, the rest to the block author.
pub fn settle(s: &mut Storage, who: &AccountId, author: &AccountId, withdrawn: u64, refund: u64) {
    let refund = refund.min(withdrawn);
    credit(s, who, refund);
    credit(s, author, withdrawn - refund);
}

fn credit(s: &mut Storage, who: &AccountId, amount: u64) {
    if amount == 0 {
        return;
    }
    Account::mutate(s, who, |a| {
        a.data.free = a.data.free.saturating_add(amount);
        a.providers = a.providers.max(1);
    });
}

/// A fee withdrawn before dispatch, to settle after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The call's info.
    pub info: CallInfo,
    /// Encoded length in bytes.
    pub len: u32,
    /// The tip.
    pub tip: u64,
    /// What was withdrawn (fee and tip).
    pub withdrawn: u64,
}

/// `ChargeTransactionPayment::pre_dispatch`: withdraws the fee of `call`, sent as the length-prefixed
/// `encoded` bytes (whose tip it reads), from `who`. `None` if `who` cannot pay and stay alive.
pub fn pre_dispatch(
    s: &mut Storage,
    who: &AccountId,
    call: &Call,
    encoded: &[u8],
) -> Option<Charge> {
    let tip = crate::transaction::decode(encoded).map_or(0, |u| u.extra.tip);
    let len = u32::try_from(encoded.len()).unwrap_or(u32::MAX);
    let info = call_info(call);
    let withdrawn = compute(&info, len, tip).total();
    withdraw(s, who, withdrawn).then_some(Charge {
        info,
        len,
        tip,
        withdrawn,
    })
}

/// `ChargeTransactionPayment::post_dispatch`: settles `charge` under the post-dispatch fee policy
/// (refund to `who`, the rest to the block author), deposits `TransactionFeePaid` and returns the
/// dispatch info `ExtrinsicSuccess`/`ExtrinsicFailed` report.
pub fn post_dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &Call,
    charge: Charge,
    ok: bool,
) -> DispatchEventInfo {
    let pays_fee = post_dispatch_pays(call, &charge.info, ok);
    let actual_fee = compute_with(pays_fee, &charge.info, charge.len, charge.tip).total();
    let author = ctx.author;
    settle(
        ctx.s,
        who,
        &author,
        charge.withdrawn,
        charge.withdrawn.saturating_sub(actual_fee),
    );
    ctx.deposit(TransactionPaymentEvent::TransactionFeePaid {
        who: *who,
        actual_fee,
        tip: charge.tip,
    });
    DispatchEventInfo {
        weight: charge.info.weight,
        class: charge.info.class,
        pays_fee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::MultiAddress;

    #[test]
    fn weight_to_fee_is_perbill_500_000_rounded_to_nearest() {
        assert_eq!(weight_to_fee(2_000), 1);
        assert_eq!(weight_to_fee(1_000), 0); // exactly half: ties round down
        assert_eq!(weight_to_fee(1_001), 1);
        assert_eq!(weight_to_fee(BASE_EXTRINSIC_REF_TIME), 49_920);
    }

    #[test]
    fn transfer_fee_is_base_plus_length_plus_weight() {
        let call = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(AccountId([1; 32])),
            value: Compact(5),
        });
        let f = fee_for(&call, 143, 7);
        // 39.7 µs + 1 read + 1 write = 164_700_000 ref time.
        assert_eq!(f.weight_fee, 82_350);
        assert_eq!(f.base_fee, 49_920);
        assert_eq!(f.len_fee, 143);
        assert_eq!(f.partial(), 132_413);
        assert_eq!(f.total(), 132_420);
    }

    #[test]
    fn set_weights_pays_only_the_tip() {
        let call = Call::SubtensorModule(SubtensorCall::set_weights {
            netuid: 1,
            dests: vec![],
            weights: vec![],
            version_key: 0,
        });
        let f = fee_for(&call, 100, 3);
        assert_eq!((f.partial(), f.total()), (0, 3));
    }

    #[test]
    fn newer_staking_and_admin_calls_pay_their_declared_weights() {
        let hotkey = AccountId([1; 32]);
        // recycle_alpha: 172.139 µs + 13 reads × 25 µs + 6 writes × 100 µs = 1_097_139_000, × 0.0005 =
        // 548_569.5, a tie rounded down.
        let recycle = Call::SubtensorModule(SubtensorCall::recycle_alpha {
            hotkey,
            amount: 1,
            netuid: 1,
        });
        assert_eq!(fee_for(&recycle, 0, 0).weight_fee, 548_569);
        // unstake_all_alpha: 700.873 µs + 43 × 25 µs + 25 × 100 µs = 4_275_873_000 → 2_137_936.5 → 2_137_936.
        let unstake = Call::SubtensorModule(SubtensorCall::unstake_all_alpha { hotkey });
        assert_eq!(fee_for(&unstake, 0, 0).weight_fee, 2_137_936);
        // sudo_set_owner_cut_enabled: 25 µs + 4 reads + 1 write = 225_000_000 → 112_500.
        let owner_cut = Call::AdminUtils(crate::call::AdminCall::sudo_set_owner_cut_enabled {
            netuid: 1,
            enabled: false,
        });
        assert_eq!(fee_for(&owner_cut, 0, 0).weight_fee, 112_500);
        // sudo_set_min_childkey_take_per_subnet: 38.1 µs + 7 × 25 µs + 100 µs = 313_100_000 → 156_550.
        let floor = Call::AdminUtils(
            crate::call::AdminCall::sudo_set_min_childkey_take_per_subnet { netuid: 1, take: 1 },
        );
        assert_eq!(fee_for(&floor, 0, 0).weight_fee, 156_550);
        // sudo_trim_to_max_allowed_uids: 38.302 µs + 8 × 25 µs + 100 µs = 338_302_000 → 169_151.
        let trim = Call::AdminUtils(crate::call::AdminCall::sudo_trim_to_max_allowed_uids {
            netuid: 1,
            max_n: 8,
        });
        assert_eq!(fee_for(&trim, 0, 0).weight_fee, 169_151);
        // sudo_set_sn_owner_hotkey: 25.687 µs + 2 × 25 µs + 2 × 100 µs = 275_687_000 → 137_843.5 → 137_843;
        // sudo_set_subnet_owner_hotkey: 3.918 µs + 100 µs = 103_918_000 → 51_959.
        let (netuid, hotkey) = (1, AccountId([2; 32]));
        let sn =
            Call::AdminUtils(crate::call::AdminCall::sudo_set_sn_owner_hotkey { netuid, hotkey });
        assert_eq!(fee_for(&sn, 0, 0).weight_fee, 137_843);
        let subnet = Call::AdminUtils(crate::call::AdminCall::sudo_set_subnet_owner_hotkey {
            netuid,
            hotkey,
        });
        assert_eq!(fee_for(&subnet, 0, 0).weight_fee, 51_959);
        // try_associate_hotkey: 25.337 µs + 3 × 25 µs + 3 × 100 µs = 400_337_000 → 200_168.5 → 200_168.
        let associate = Call::SubtensorModule(SubtensorCall::try_associate_hotkey { hotkey });
        assert_eq!(fee_for(&associate, 0, 0).weight_fee, 200_168);
        // The batch and mechanism weights calls are free, like `set_weights`.
        let batch = Call::SubtensorModule(SubtensorCall::batch_commit_weights {
            netuids: vec![Compact(1)],
            commit_hashes: vec![[0; 32]],
        });
        assert_eq!(fee_for(&batch, 100, 0).total(), 0);
        assert_eq!(
            call_info(&batch).weight.ref_time.0,
            147_224_000 + 15 * 25_000_000 + 200_000_000
        );
    }

    #[test]
    fn withdraw_keeps_the_payer_alive_and_settle_conserves() {
        let mut s = Storage::new();
        let (a, b) = (AccountId([1; 32]), AccountId([2; 32]));
        balances::mint(&mut s, &a, 10_000);
        assert!(!withdraw(&mut s, &a, 9_600));
        assert!(withdraw(&mut s, &a, 9_000));
        settle(&mut s, &a, &b, 9_000, 1_000);
        assert_eq!(balances::free_balance(&s, &a), 2_000);
        assert_eq!(balances::free_balance(&s, &b), 8_000);
        assert_eq!(crate::items::TotalIssuance::get(&s), 10_000);
    }
}
