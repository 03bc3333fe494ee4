//! AdminUtils (index 19): the `sudo_set_*` hyperparameter setters, from root (the sudo key through
//! `Sudo.sudo`) or, where subtensor allows it, from the subnet owner.
//!
//! Each setter follows subtensor's `pallet_admin_utils`: the same origin rule (root only, or the subnet
//! owner too), the same bounds with the same error names, the admin freeze window (`AdminFreezeWindow`
//! blocks before a subnet's next epoch, during which the setters subtensor guards are refused with
//! `AdminActionProhibitedDuringWeightsWindow`), the owner rate limits (`OwnerHyperparamRateLimit` tempos
//! per hyperparameter, `WeightsVersionKeyRateLimit` tempos for the weights version; root is never
//! limited) and the events subtensor deposits.
//!
//! Setters for state taonet does not have (EVM, GRANDPA, coldkey-swap schedules, TAO flow, mechanisms
//! beyond the first, commit-reveal version, coldkey-swap burn, owner-cut auto-lock) are not served.
//! `sudo_set_min_childkey_take_per_subnet` sets a subnet's floor under childkey takes,
//! `sudo_set_subnet_owner_hotkey` / `sudo_set_sn_owner_hotkey` the subnet owner's hotkey (rate limited
//! per subnet, root included), and `sudo_trim_to_max_allowed_uids` ([`trim`]) shrinks a subnet. `sudo_set_tempo` sets the tempo and, as subtensor's
//! `apply_tempo_with_cycle_reset` does, restarts the epoch cycle (`LastEpochBlock` = now).
//! `sudo_set_activity_cutoff` writes the deprecated `ActivityCutoff` map, which nothing reads, as
//! subtensor main does: the epoch's cutoff is set by `set_activity_cutoff_factor`.
//! `sudo_set_nominator_min_required_stake` clears the nominations it leaves too small, and
//! `sudo_set_owner_cut_enabled` switches the owner's cut of a subnet's alpha emission.
//!
//! SubtensorModule's own owner-or-root setter `set_activity_cutoff_factor` (call 140) lives in
//! [`activity_cutoff`]: it shares these origin, rate-limit and freeze-window rules.

use crate::call::AdminCall;
use crate::ctx::Ctx;
use crate::error::{AdminUtilsError, DispatchError};
use crate::error_names::SubtensorError;
use crate::event::{Event, SubtensorEvent};
use crate::items::*;
use crate::types::{AccountId, NetUid};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

pub mod activity_cutoff;
pub mod trim;

/// subtensor's `DefaultMaxAllowedUids`: the most UIDs a subnet may have.
pub const DEFAULT_MAX_ALLOWED_UIDS: u16 = 4096;
/// `min_burn` must stay below this (subtensor's `MinBurnUpperBound`, 1 TAO).
pub const MIN_BURN_UPPER_BOUND: u64 = 1_000_000_000;
/// `max_burn` must stay above this (subtensor's `MaxBurnLowerBound`, 0.1 TAO).
pub const MAX_BURN_LOWER_BOUND: u64 = 100_000_000;
/// Highest `bonds_moving_average` a subnet owner may set (root may set any).
pub const OWNER_MAX_BONDS_MOVING_AVERAGE: u64 = 975_000;
/// Lowest `alpha_low` and `alpha_high`: 65535 / 40.
pub const MIN_ALPHA_VALUE: u16 = 1638;
/// Commit-reveal periods allowed, in epochs.
pub const REVEAL_PERIODS: std::ops::RangeInclusive<u64> = 1..=100;
/// Owner-immune UIDs allowed.
pub const IMMUNE_OWNER_UIDS: std::ops::RangeInclusive<u16> = 1..=10;
/// Longest burn half-life, in blocks.
pub const MAX_BURN_HALF_LIFE: u16 = 36_100;
/// Blocks between two changes of a subnet's owner hotkey, by root or the owner (subtensor's
/// `DefaultSetSNOwnerHotkeyRateLimit`).
pub const SET_SN_OWNER_HOTKEY_RATE_LIMIT: u64 = 50_400;
/// `TransactionKeyLastBlock` transaction type of `sudo_set_weights_version_key`.
pub const TX_SET_WEIGHTS_VERSION_KEY: u16 = 4;

/// Who is calling an admin setter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminOrigin {
    /// Root, through `Sudo.sudo`.
    Root,
    /// A signed account (allowed only for its own subnet's owner-settable parameters).
    Signed(AccountId),
}

/// The hyperparameters a subnet owner's changes are rate-limited by, one limit each
/// (`pallet_subtensor::utils::rate_limiting::Hyperparameter`).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Hyperparameter {
    Unknown = 0,
    ServingRateLimit = 1,
    MaxDifficulty = 2,
    AdjustmentAlpha = 3,
    MaxWeightLimit = 4,
    ImmunityPeriod = 5,
    MinAllowedWeights = 6,
    Kappa = 7,
    Rho = 8,
    ActivityCutoff = 9,
    PowRegistrationAllowed = 10,
    MinBurn = 11,
    MaxBurn = 12,
    BondsMovingAverage = 13,
    BondsPenalty = 14,
    CommitRevealEnabled = 15,
    LiquidAlphaEnabled = 16,
    AlphaValues = 17,
    WeightCommitInterval = 18,
    TransferEnabled = 19,
    AlphaSigmoidSteepness = 20,
    Yuma3Enabled = 21,
    BondsResetEnabled = 22,
    ImmuneNeuronLimit = 23,
    RecycleOrBurn = 24,
    MaxAllowedUids = 25,
    BurnHalfLife = 26,
    BurnIncreaseMult = 27,
    /// `sudo_set_min_childkey_take_per_subnet`'s rate limit (newer than spec 208).
    MinChildkeyTake = 29,
    /// `set_activity_cutoff_factor`'s rate limit (newer than spec 208).
    ActivityCutoffFactorMilli = 30,
    /// `trigger_epoch`'s rate limit (newer than spec 208).
    TriggerEpoch = 31,
}

/// Keys of `LastRateLimitedBlock` (`pallet_subtensor::RateLimitKey`); taonet keys only owner
/// hyperparameter updates there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RateLimitKey {
    /// A change of a subnet's owner hotkey (`sudo_set_sn_owner_hotkey`).
    #[codec(index = 0)]
    SetSNOwnerHotkey(NetUid),
    /// An owner's change of one hyperparameter of one subnet.
    #[codec(index = 1)]
    OwnerHyperparamUpdate(NetUid, Hyperparameter),
    /// Subnet registration (subtensor's key; taonet keeps `NetworkLastRegistered`).
    #[default]
    #[codec(index = 2)]
    NetworkLastRegistered,
}

/// AdminUtils events (index 19).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum AdminUtilsEvent {
    /// Yuma3 was switched on or off.
    #[codec(index = 1)]
    Yuma3EnableToggled {
        /// Subnet.
        netuid: NetUid,
        /// The new setting.
        enabled: bool,
    },
    /// Bond resets were switched on or off.
    #[codec(index = 2)]
    BondsResetToggled {
        /// Subnet.
        netuid: NetUid,
        /// The new setting.
        enabled: bool,
    },
}

impl From<AdminUtilsEvent> for Event {
    fn from(e: AdminUtilsEvent) -> Self {
        Event::AdminUtils(e)
    }
}

/// A rate limit an owner's call is subject to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limit {
    /// `OwnerHyperparamRateLimit` tempos per hyperparameter.
    Hyper(Hyperparameter),
    /// `WeightsVersionKeyRateLimit` tempos.
    WeightsVersionKey,
}

fn ensure_subnet(ctx: &Ctx<'_>, netuid: NetUid) -> Result<(), DispatchError> {
    if NetworksAdded::get(ctx.s, &netuid) {
        Ok(())
    } else {
        Err(AdminUtilsError::SubnetDoesNotExist.into())
    }
}

fn ensure_root(origin: AdminOrigin) -> Result<(), DispatchError> {
    match origin {
        AdminOrigin::Root => Ok(()),
        AdminOrigin::Signed(_) => Err(DispatchError::BadOrigin),
    }
}

/// Whether `block` falls in `netuid`'s admin freeze window: fewer than `AdminFreezeWindow` blocks before
/// its next scheduled epoch (`LastEpochBlock + tempo`), or while an epoch is pending.
pub fn in_admin_freeze_window(s: &crate::storage::Storage, netuid: NetUid, block: u64) -> bool {
    let tempo = u64::from(Tempo::get(s, &netuid));
    if tempo == 0 {
        return false;
    }
    let pending = PendingEpochAt::get(s, &netuid);
    if pending > block {
        return true;
    }
    let next = LastEpochBlock::get(s, &netuid).saturating_add(tempo);
    next.saturating_sub(block) < u64::from(AdminFreezeWindow::get(s))
}

fn ensure_window_open(ctx: &Ctx<'_>, netuid: NetUid) -> Result<(), DispatchError> {
    if in_admin_freeze_window(ctx.s, netuid, ctx.block) {
        Err(SubtensorError::AdminActionProhibitedDuringWeightsWindow.into())
    } else {
        Ok(())
    }
}

fn limit_blocks(ctx: &Ctx<'_>, netuid: NetUid, limit: Limit) -> u64 {
    let tempo = u64::from(Tempo::get(ctx.s, &netuid));
    match limit {
        Limit::Hyper(_) => tempo.saturating_mul(u64::from(OwnerHyperparamRateLimit::get(ctx.s))),
        Limit::WeightsVersionKey => tempo.saturating_mul(WeightsVersionKeyRateLimit::get(ctx.s)),
    }
}

fn last_block(ctx: &Ctx<'_>, who: &AccountId, netuid: NetUid, limit: Limit) -> u64 {
    match limit {
        Limit::Hyper(hp) => {
            LastRateLimitedBlock::get(ctx.s, &RateLimitKey::OwnerHyperparamUpdate(netuid, hp))
        }
        Limit::WeightsVersionKey => {
            TransactionKeyLastBlock::get(ctx.s, who, &netuid, &TX_SET_WEIGHTS_VERSION_KEY)
        }
    }
}

/// Root or the subnet's owner (subtensor's `ensure_subnet_owner_or_root`): `Some(owner)` for the owner,
/// `None` for root, `BadOrigin` for anyone else.
fn owner_or_root(
    ctx: &Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
) -> Result<Option<AccountId>, DispatchError> {
    match origin {
        AdminOrigin::Root => Ok(None),
        AdminOrigin::Signed(who) if SubnetOwner::get(ctx.s, &netuid) == who => Ok(Some(who)),
        AdminOrigin::Signed(_) => Err(DispatchError::BadOrigin),
    }
}

/// `TxRateLimitExceeded` unless the owner `who`'s last change under `limit` is old enough (the first
/// change always passes).
fn ensure_owner_rate_limit(
    ctx: &Ctx<'_>,
    who: &AccountId,
    netuid: NetUid,
    limit: Limit,
) -> Result<(), DispatchError> {
    let last = last_block(ctx, who, netuid, limit);
    if last != 0 && ctx.block.saturating_sub(last) < limit_blocks(ctx, netuid, limit) {
        return Err(SubtensorError::TxRateLimitExceeded.into());
    }
    Ok(())
}

/// Root, or the subnet's owner within its rate limits: `Some(owner)` for the owner, `None` for root.
fn ensure_owner_or_root(
    ctx: &Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    limit: Limit,
) -> Result<Option<AccountId>, DispatchError> {
    let owner = owner_or_root(ctx, origin, netuid)?;
    if let Some(who) = &owner {
        ensure_owner_rate_limit(ctx, who, netuid, limit)?;
    }
    Ok(owner)
}

/// Records an owner's change for its rate limit (root's changes are not recorded).
fn record_owner_change(ctx: &mut Ctx<'_>, owner: Option<AccountId>, netuid: NetUid, limit: Limit) {
    let Some(who) = owner else {
        return;
    };
    match limit {
        Limit::Hyper(hp) => LastRateLimitedBlock::insert(
            ctx.s,
            &RateLimitKey::OwnerHyperparamUpdate(netuid, hp),
            ctx.block,
        ),
        Limit::WeightsVersionKey => TransactionKeyLastBlock::insert(
            ctx.s,
            &who,
            &netuid,
            &TX_SET_WEIGHTS_VERSION_KEY,
            ctx.block,
        ),
    }
}

/// Whether a setter checks that the subnet exists (subtensor skips it for a few).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exists {
    Check,
    Skip,
}

/// An owner-or-root setter: origin and rate limit, freeze window, existence, then `write` (which checks
/// bounds), then the owner's rate-limit record.
fn owner_setter(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    limit: Limit,
    exists: Exists,
    write: impl FnOnce(&mut Ctx<'_>, Option<AccountId>) -> Result<(), DispatchError>,
) -> Result<(), DispatchError> {
    let owner = ensure_owner_or_root(ctx, origin, netuid, limit)?;
    ensure_window_open(ctx, netuid)?;
    if exists == Exists::Check {
        ensure_subnet(ctx, netuid)?;
    }
    write(ctx, owner)?;
    record_owner_change(ctx, owner, netuid, limit);
    Ok(())
}

/// Whether a root setter is refused in the freeze window.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Window {
    Guarded,
    Open,
}

/// A root-only setter of a subnet's parameter: root, then (as subtensor orders them) the freeze window
/// and the subnet's existence.
fn root_subnet_setter(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    window: Window,
    exists: Exists,
    write: impl FnOnce(&mut Ctx<'_>) -> Result<(), DispatchError>,
) -> Result<(), DispatchError> {
    ensure_root(origin)?;
    if window == Window::Guarded {
        ensure_window_open(ctx, netuid)?;
    }
    if exists == Exists::Check {
        ensure_subnet(ctx, netuid)?;
    }
    write(ctx)
}

/// `sudo_set_subnet_owner_hotkey` [64] and `sudo_set_sn_owner_hotkey` [67] (subtensor's
/// `do_set_sn_owner_hotkey`): root or the owner (`BadOrigin`), `SubnetNotExists`, then once per
/// [`SET_SN_OWNER_HOTKEY_RATE_LIMIT`] blocks per subnet for root too (`TxRateLimitExceeded`), recorded
/// before the hotkey is checked: a subnet account is refused (`CannotUseSystemAccount`). Writes
/// `SubnetOwnerHotkey` and deposits `SubnetOwnerHotkeySet`.
fn set_sn_owner_hotkey(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    owner_or_root(ctx, origin, netuid)?;
    if !NetworksAdded::get(ctx.s, &netuid) {
        return Err(SubtensorError::SubnetNotExists.into());
    }
    let key = RateLimitKey::SetSNOwnerHotkey(netuid);
    let last = LastRateLimitedBlock::get(ctx.s, &key);
    if last != 0 && ctx.block.saturating_sub(last) < SET_SN_OWNER_HOTKEY_RATE_LIMIT {
        return Err(SubtensorError::TxRateLimitExceeded.into());
    }
    LastRateLimitedBlock::insert(ctx.s, &key, ctx.block);
    if crate::registration::is_subnet_account(hotkey) {
        return Err(SubtensorError::CannotUseSystemAccount.into());
    }
    SubnetOwnerHotkey::insert(ctx.s, &netuid, *hotkey);
    ctx.deposit(SubtensorEvent::SubnetOwnerHotkeySet(netuid, *hotkey));
    Ok(())
}

/// Dispatches one AdminUtils call.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    call: &AdminCall,
) -> Result<(), DispatchError> {
    use AdminCall::*;
    use Exists::{Check, Skip};
    use Hyperparameter as H;
    use SubtensorEvent as E;
    use Window::{Guarded, Open};
    match *call {
        // ---- Global parameters (root) ----
        sudo_set_default_take { default_take } => {
            ensure_root(origin)?;
            MaxDelegateTake::put(ctx.s, default_take);
            ctx.deposit(E::MaxDelegateTakeSet(default_take));
        }
        sudo_set_subnet_owner_cut { subnet_owner_cut } => {
            ensure_root(origin)?;
            SubnetOwnerCut::put(ctx.s, subnet_owner_cut);
            ctx.deposit(E::SubnetOwnerCutSet(subnet_owner_cut));
        }
        sudo_set_network_rate_limit { rate_limit } => {
            ensure_root(origin)?;
            NetworkRateLimit::put(ctx.s, rate_limit);
            ctx.deposit(E::NetworkRateLimitSet(rate_limit));
        }
        sudo_set_network_immunity_period { immunity_period } => {
            ensure_root(origin)?;
            NetworkImmunityPeriod::put(ctx.s, immunity_period);
            ctx.deposit(E::NetworkImmunityPeriodSet(immunity_period));
        }
        sudo_set_network_min_lock_cost { lock_cost } => {
            ensure_root(origin)?;
            NetworkMinLockCost::put(ctx.s, lock_cost);
            ctx.deposit(E::NetworkMinLockCostSet(lock_cost));
        }
        sudo_set_subnet_limit { max_subnets } => {
            ensure_root(origin)?;
            SubnetLimit::put(ctx.s, max_subnets);
            ctx.deposit(E::SubnetLimitSet(max_subnets));
        }
        sudo_set_lock_reduction_interval { interval } => {
            ensure_root(origin)?;
            NetworkLockReductionInterval::put(ctx.s, interval);
            ctx.deposit(E::NetworkLockCostReductionIntervalSet(interval));
        }
        sudo_set_stake_threshold { min_stake } => {
            ensure_root(origin)?;
            StakeThreshold::put(ctx.s, min_stake);
            ctx.deposit(E::StakeThresholdSet(min_stake));
        }
        sudo_set_tx_delegate_take_rate_limit { tx_rate_limit } => {
            ensure_root(origin)?;
            TxDelegateTakeRateLimit::put(ctx.s, tx_rate_limit);
            ctx.deposit(E::TxDelegateTakeRateLimitSet(tx_rate_limit));
        }
        sudo_set_min_delegate_take { take } => {
            ensure_root(origin)?;
            MinDelegateTake::put(ctx.s, take);
            ctx.deposit(E::MinDelegateTakeSet(take));
        }
        sudo_set_subnet_moving_alpha { alpha } => {
            ensure_root(origin)?;
            SubnetMovingAlpha::put(ctx.s, alpha.to_bits());
        }
        sudo_set_admin_freeze_window { window } => {
            ensure_root(origin)?;
            AdminFreezeWindow::put(ctx.s, window);
            ctx.deposit(E::AdminFreezeWindowSet(window));
        }
        sudo_set_owner_hparam_rate_limit { epochs } => {
            ensure_root(origin)?;
            OwnerHyperparamRateLimit::put(ctx.s, epochs);
            ctx.deposit(E::OwnerHyperparamRateLimitSet(epochs));
        }
        sudo_set_start_call_delay { delay } => {
            ensure_root(origin)?;
            StartCallDelay::put(ctx.s, delay);
        }
        sudo_set_max_epochs_per_block {
            max_epochs_per_block,
        } => {
            ensure_root(origin)?;
            if max_epochs_per_block < 1 {
                return Err(AdminUtilsError::ValueNotInBounds.into());
            }
            MaxEpochsPerBlock::put(ctx.s, max_epochs_per_block);
        }
        sudo_set_ck_burn { burn } => {
            ensure_root(origin)?;
            CKBurn::put(ctx.s, burn);
        }
        sudo_set_tx_rate_limit { tx_rate_limit } => {
            ensure_root(origin)?;
            TxRateLimit::put(ctx.s, tx_rate_limit);
            ctx.deposit(E::TxRateLimitSet(tx_rate_limit));
        }
        // No event. Subtensor compares the new per-million factor with the previous minimum in rao
        // (not the previous factor) to decide whether to sweep the nominations; kept as it is.
        sudo_set_nominator_min_required_stake { min_stake } => {
            ensure_root(origin)?;
            let previous = crate::staking::nominator_min_required_stake(ctx.s);
            NominatorMinRequiredStake::put(ctx.s, min_stake);
            if min_stake > previous {
                crate::staking::clear_small_nominations(ctx);
            }
        }

        // ---- Subnet parameters only root may set ----
        sudo_set_min_difficulty {
            netuid,
            min_difficulty,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
            MinDifficulty::insert(ctx.s, &netuid, min_difficulty);
            ctx.deposit(E::MinDifficultySet(netuid, min_difficulty));
            Ok(())
        })?,
        sudo_set_weights_set_rate_limit {
            netuid,
            weights_set_rate_limit,
        } => root_subnet_setter(ctx, origin, netuid, Open, Check, |ctx| {
            WeightsSetRateLimit::insert(ctx.s, &netuid, weights_set_rate_limit);
            ctx.deposit(E::WeightsSetRateLimitSet(netuid, weights_set_rate_limit));
            Ok(())
        })?,
        sudo_set_adjustment_interval {
            netuid,
            adjustment_interval,
        } => root_subnet_setter(ctx, origin, netuid, Open, Check, |ctx| {
            AdjustmentInterval::insert(ctx.s, &netuid, adjustment_interval);
            ctx.deposit(E::AdjustmentIntervalSet(netuid, adjustment_interval));
            Ok(())
        })?,
        sudo_set_kappa { netuid, kappa } => {
            root_subnet_setter(ctx, origin, netuid, Open, Check, |ctx| {
                Kappa::insert(ctx.s, &netuid, kappa);
                ctx.deposit(E::KappaSet(netuid, kappa));
                Ok(())
            })?
        }
        sudo_set_network_registration_allowed {
            netuid,
            registration_allowed,
        } => root_subnet_setter(ctx, origin, netuid, Open, Skip, |ctx| {
            NetworkRegistrationAllowed::insert(ctx.s, &netuid, registration_allowed);
            ctx.deposit(E::RegistrationAllowed(netuid, registration_allowed));
            Ok(())
        })?,
        sudo_set_target_registrations_per_interval {
            netuid,
            target_registrations_per_interval,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
            TargetRegistrationsPerInterval::insert(
                ctx.s,
                &netuid,
                target_registrations_per_interval,
            );
            ctx.deposit(E::RegistrationPerIntervalSet(
                netuid,
                target_registrations_per_interval,
            ));
            Ok(())
        })?,
        sudo_set_difficulty { netuid, difficulty } => {
            root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
                Difficulty::insert(ctx.s, &netuid, difficulty);
                ctx.deposit(E::DifficultySet(netuid, difficulty));
                Ok(())
            })?
        }
        sudo_set_max_allowed_validators {
            netuid,
            max_allowed_validators,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
            if max_allowed_validators > MaxAllowedUids::get(ctx.s, &netuid) {
                return Err(AdminUtilsError::MaxValidatorsLargerThanMaxUIds.into());
            }
            MaxAllowedValidators::insert(ctx.s, &netuid, max_allowed_validators);
            ctx.deposit(E::MaxAllowedValidatorsSet(netuid, max_allowed_validators));
            Ok(())
        })?,
        sudo_set_max_registrations_per_block {
            netuid,
            max_registrations_per_block,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
            MaxRegistrationsPerBlock::insert(ctx.s, &netuid, max_registrations_per_block);
            ctx.deposit(E::MaxRegistrationsPerBlockSet(
                netuid,
                max_registrations_per_block,
            ));
            Ok(())
        })?,
        sudo_set_tempo { netuid, tempo } => {
            root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
                crate::tempo_control::apply_tempo_with_cycle_reset(ctx, netuid, tempo);
                Ok(())
            })?
        }
        sudo_set_rao_recycled {
            netuid,
            rao_recycled,
        } => root_subnet_setter(ctx, origin, netuid, Open, Check, |ctx| {
            RAORecycledForRegistration::insert(ctx.s, &netuid, rao_recycled);
            ctx.deposit(E::RAORecycledForRegistrationSet(netuid, rao_recycled));
            Ok(())
        })?,
        sudo_set_ema_price_halving_period {
            netuid,
            ema_halving,
        } => root_subnet_setter(ctx, origin, netuid, Open, Skip, |ctx| {
            EMAPriceHalvingBlocks::insert(ctx.s, &netuid, ema_halving);
            Ok(())
        })?,
        sudo_set_subtoken_enabled {
            netuid,
            subtoken_enabled,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Skip, |ctx| {
            SubtokenEnabled::insert(ctx.s, &netuid, subtoken_enabled);
            Ok(())
        })?,
        sudo_set_min_allowed_uids {
            netuid,
            min_allowed_uids,
        } => root_subnet_setter(ctx, origin, netuid, Guarded, Check, |ctx| {
            if min_allowed_uids >= MaxAllowedUids::get(ctx.s, &netuid) {
                return Err(AdminUtilsError::MinAllowedUidsGreaterThanMaxAllowedUids.into());
            }
            if min_allowed_uids >= SubnetworkN::get(ctx.s, &netuid) {
                return Err(AdminUtilsError::MinAllowedUidsGreaterThanCurrentUids.into());
            }
            MinAllowedUids::insert(ctx.s, &netuid, min_allowed_uids);
            ctx.deposit(E::MinAllowedUidsSet(netuid, min_allowed_uids));
            Ok(())
        })?,
        sudo_set_min_non_immune_uids { netuid, min } => {
            root_subnet_setter(ctx, origin, netuid, Open, Skip, |ctx| {
                MinNonImmuneUids::insert(ctx.s, &netuid, min);
                Ok(())
            })?
        }
        sudo_set_subnet_emission_enabled { netuid, enabled } => {
            root_subnet_setter(ctx, origin, netuid, Open, Check, |ctx| {
                SubnetEmissionEnabled::insert(ctx.s, &netuid, enabled);
                Ok(())
            })?
        }

        // ---- Subnet parameters the owner may set too ----
        sudo_set_serving_rate_limit {
            netuid,
            serving_rate_limit,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::ServingRateLimit),
            Skip,
            |ctx, _| {
                ServingRateLimit::insert(ctx.s, &netuid, serving_rate_limit);
                ctx.deposit(E::ServingRateLimitSet(netuid, serving_rate_limit));
                Ok(())
            },
        )?,
        sudo_set_max_difficulty {
            netuid,
            max_difficulty,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MaxDifficulty),
            Check,
            |ctx, _| {
                MaxDifficulty::insert(ctx.s, &netuid, max_difficulty);
                ctx.deposit(E::MaxDifficultySet(netuid, max_difficulty));
                Ok(())
            },
        )?,
        sudo_set_weights_version_key {
            netuid,
            weights_version_key,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::WeightsVersionKey,
            Check,
            |ctx, _| {
                WeightsVersionKey::insert(ctx.s, &netuid, weights_version_key);
                ctx.deposit(E::WeightsVersionKeySet(netuid, weights_version_key));
                Ok(())
            },
        )?,
        sudo_set_adjustment_alpha {
            netuid,
            adjustment_alpha,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::AdjustmentAlpha),
            Check,
            |ctx, _| {
                AdjustmentAlpha::insert(ctx.s, &netuid, adjustment_alpha);
                ctx.deposit(E::AdjustmentAlphaSet(netuid, adjustment_alpha));
                Ok(())
            },
        )?,
        sudo_set_immunity_period {
            netuid,
            immunity_period,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::ImmunityPeriod),
            Check,
            |ctx, _| {
                ImmunityPeriod::insert(ctx.s, &netuid, immunity_period);
                ctx.deposit(E::ImmunityPeriodSet(netuid, immunity_period));
                Ok(())
            },
        )?,
        sudo_set_min_allowed_weights {
            netuid,
            min_allowed_weights,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MinAllowedWeights),
            Check,
            |ctx, _| {
                MinAllowedWeights::insert(ctx.s, &netuid, min_allowed_weights);
                ctx.deposit(E::MinAllowedWeightSet(netuid, min_allowed_weights));
                Ok(())
            },
        )?,
        sudo_set_max_allowed_uids {
            netuid,
            max_allowed_uids,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MaxAllowedUids),
            Check,
            |ctx, _| {
                if max_allowed_uids < MinAllowedUids::get(ctx.s, &netuid) {
                    return Err(AdminUtilsError::MaxAllowedUidsLessThanMinAllowedUids.into());
                }
                if SubnetworkN::get(ctx.s, &netuid) > max_allowed_uids {
                    return Err(AdminUtilsError::MaxAllowedUIdsLessThanCurrentUIds.into());
                }
                // One mechanism per subnet, so the per-mechanism total is the limit itself.
                if max_allowed_uids > DEFAULT_MAX_ALLOWED_UIDS {
                    return Err(
                        AdminUtilsError::MaxAllowedUidsGreaterThanDefaultMaxAllowedUids.into(),
                    );
                }
                MaxAllowedUids::insert(ctx.s, &netuid, max_allowed_uids);
                ctx.deposit(E::MaxAllowedUidsSet(netuid, max_allowed_uids));
                Ok(())
            },
        )?,
        sudo_set_rho { netuid, rho } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::Rho),
            Check,
            |ctx, _| {
                Rho::insert(ctx.s, &netuid, rho);
                ctx.deposit(E::RhoSet(netuid, rho));
                Ok(())
            },
        )?,
        // Subtensor main writes the deprecated map, which nothing reads any more.
        sudo_set_activity_cutoff {
            netuid,
            activity_cutoff,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::ActivityCutoff),
            Check,
            |ctx, _| {
                if activity_cutoff < MinActivityCutoff::get(ctx.s) {
                    return Err(SubtensorError::ActivityCutoffTooLow.into());
                }
                ActivityCutoff::insert(ctx.s, &netuid, activity_cutoff);
                ctx.deposit(E::ActivityCutoffSet(netuid, activity_cutoff));
                Ok(())
            },
        )?,
        // Root or the owner without a rate limit, the freeze window (root too), the subnet, not root;
        // no event.
        sudo_set_owner_cut_enabled { netuid, enabled } => {
            owner_or_root(ctx, origin, netuid)?;
            ensure_window_open(ctx, netuid)?;
            ensure_subnet(ctx, netuid)?;
            if netuid == crate::types::ROOT_NETUID {
                return Err(AdminUtilsError::NotPermittedOnRootSubnet.into());
            }
            OwnerCutEnabled::insert(ctx.s, &netuid, enabled);
        }
        sudo_set_network_pow_registration_allowed {
            netuid,
            registration_allowed,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::PowRegistrationAllowed),
            Skip,
            |ctx, _| {
                NetworkPowRegistrationAllowed::insert(ctx.s, &netuid, registration_allowed);
                ctx.deposit(E::PowRegistrationAllowed(netuid, registration_allowed));
                Ok(())
            },
        )?,
        sudo_set_min_burn { netuid, min_burn } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MinBurn),
            Check,
            |ctx, _| {
                if min_burn >= MIN_BURN_UPPER_BOUND || min_burn >= MaxBurn::get(ctx.s, &netuid) {
                    return Err(AdminUtilsError::ValueNotInBounds.into());
                }
                MinBurn::insert(ctx.s, &netuid, min_burn);
                ctx.deposit(E::MinBurnSet(netuid, min_burn));
                Ok(())
            },
        )?,
        sudo_set_max_burn { netuid, max_burn } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MaxBurn),
            Check,
            |ctx, _| {
                if max_burn <= MAX_BURN_LOWER_BOUND || max_burn <= MinBurn::get(ctx.s, &netuid) {
                    return Err(AdminUtilsError::ValueNotInBounds.into());
                }
                MaxBurn::insert(ctx.s, &netuid, max_burn);
                ctx.deposit(E::MaxBurnSet(netuid, max_burn));
                Ok(())
            },
        )?,
        sudo_set_bonds_moving_average {
            netuid,
            bonds_moving_average,
        } => {
            let limit = Limit::Hyper(H::BondsMovingAverage);
            let owner = ensure_owner_or_root(ctx, origin, netuid, limit)?;
            ensure_window_open(ctx, netuid)?;
            // The owner's bound is checked before the subnet's existence, as subtensor does.
            if owner.is_some() && bonds_moving_average > OWNER_MAX_BONDS_MOVING_AVERAGE {
                return Err(AdminUtilsError::BondsMovingAverageMaxReached.into());
            }
            ensure_subnet(ctx, netuid)?;
            BondsMovingAverage::insert(ctx.s, &netuid, bonds_moving_average);
            ctx.deposit(E::BondsMovingAverageSet(netuid, bonds_moving_average));
            record_owner_change(ctx, owner, netuid, limit);
        }
        sudo_set_bonds_penalty {
            netuid,
            bonds_penalty,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::BondsPenalty),
            Check,
            |ctx, _| {
                BondsPenalty::insert(ctx.s, &netuid, bonds_penalty);
                ctx.deposit(E::BondsPenaltySet(netuid, bonds_penalty));
                Ok(())
            },
        )?,
        sudo_set_commit_reveal_weights_enabled { netuid, enabled } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::CommitRevealEnabled),
            Check,
            |ctx, _| {
                CommitRevealWeightsEnabled::insert(ctx.s, &netuid, enabled);
                ctx.deposit(E::CommitRevealEnabled(netuid, enabled));
                Ok(())
            },
        )?,
        sudo_set_liquid_alpha_enabled { netuid, enabled } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::LiquidAlphaEnabled),
            Skip,
            |ctx, _| {
                LiquidAlphaOn::insert(ctx.s, &netuid, enabled);
                Ok(())
            },
        )?,
        sudo_set_alpha_values {
            netuid,
            alpha_low,
            alpha_high,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::AlphaValues),
            Skip,
            |ctx, _| {
                if !LiquidAlphaOn::get(ctx.s, &netuid) {
                    return Err(SubtensorError::LiquidAlphaDisabled.into());
                }
                if alpha_high < MIN_ALPHA_VALUE {
                    return Err(SubtensorError::AlphaHighTooLow.into());
                }
                if alpha_low < MIN_ALPHA_VALUE || alpha_low > alpha_high {
                    return Err(SubtensorError::AlphaLowOutOfRange.into());
                }
                AlphaValues::insert(ctx.s, &netuid, (alpha_low, alpha_high));
                Ok(())
            },
        )?,
        sudo_set_commit_reveal_weights_interval { netuid, interval } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::WeightCommitInterval),
            Check,
            |ctx, _| {
                if interval > *REVEAL_PERIODS.end() {
                    return Err(SubtensorError::RevealPeriodTooLarge.into());
                }
                if interval < *REVEAL_PERIODS.start() {
                    return Err(SubtensorError::RevealPeriodTooSmall.into());
                }
                RevealPeriodEpochs::insert(ctx.s, &netuid, interval);
                ctx.deposit(E::CommitRevealPeriodsSet(netuid, interval));
                Ok(())
            },
        )?,
        sudo_set_toggle_transfer { netuid, toggle } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::TransferEnabled),
            Skip,
            |ctx, _| {
                TransferToggle::insert(ctx.s, &netuid, toggle);
                ctx.deposit(E::TransferToggle(netuid, toggle));
                Ok(())
            },
        )?,
        sudo_set_alpha_sigmoid_steepness { netuid, steepness } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::AlphaSigmoidSteepness),
            Check,
            |ctx, owner| {
                // Only root may make the sigmoid fall.
                if owner.is_some() && steepness < 0 {
                    return Err(AdminUtilsError::NegativeSigmoidSteepness.into());
                }
                AlphaSigmoidSteepness::insert(ctx.s, &netuid, steepness);
                ctx.deposit(E::AlphaSigmoidSteepnessSet(netuid, steepness));
                Ok(())
            },
        )?,
        sudo_set_yuma3_enabled { netuid, enabled } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::Yuma3Enabled),
            Skip,
            |ctx, _| {
                Yuma3On::insert(ctx.s, &netuid, enabled);
                ctx.deposit(AdminUtilsEvent::Yuma3EnableToggled { netuid, enabled });
                Ok(())
            },
        )?,
        sudo_set_bonds_reset_enabled { netuid, enabled } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::BondsResetEnabled),
            Skip,
            |ctx, _| {
                BondsResetOn::insert(ctx.s, &netuid, enabled);
                ctx.deposit(E::BondsResetOnSet(netuid, enabled));
                ctx.deposit(AdminUtilsEvent::BondsResetToggled { netuid, enabled });
                Ok(())
            },
        )?,
        sudo_set_owner_immune_neuron_limit {
            netuid,
            immune_neurons,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::ImmuneNeuronLimit),
            Skip,
            |ctx, _| {
                if !IMMUNE_OWNER_UIDS.contains(&immune_neurons) {
                    return Err(SubtensorError::InvalidValue.into());
                }
                ImmuneOwnerUidsLimit::insert(ctx.s, &netuid, immune_neurons);
                Ok(())
            },
        )?,
        sudo_set_burn_half_life {
            netuid,
            burn_half_life,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::BurnHalfLife),
            Check,
            |ctx, _| {
                if burn_half_life == 0 || burn_half_life > MAX_BURN_HALF_LIFE {
                    return Err(AdminUtilsError::InvalidValue.into());
                }
                BurnHalfLife::insert(ctx.s, &netuid, burn_half_life);
                Ok(())
            },
        )?,
        // No existence check and no event, as subtensor's `set_recycle_or_burn`.
        sudo_set_recycle_or_burn {
            netuid,
            recycle_or_burn,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::RecycleOrBurn),
            Skip,
            |ctx, _| {
                RecycleOrBurn::insert(ctx.s, &netuid, recycle_or_burn);
                Ok(())
            },
        )?,
        sudo_set_burn_increase_mult {
            netuid,
            burn_increase_mult,
        } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::BurnIncreaseMult),
            Check,
            |ctx, _| {
                let one = substrate_fixed::types::U64F64::from_num(1);
                let three = substrate_fixed::types::U64F64::from_num(3);
                if burn_increase_mult < one || burn_increase_mult > three {
                    return Err(AdminUtilsError::InvalidValue.into());
                }
                BurnIncreaseMult::insert(ctx.s, &netuid, burn_increase_mult.to_bits());
                Ok(())
            },
        )?,
        // The subnet's floor must lie within the global `[MinChildkeyTake, MaxChildkeyTake]`.
        sudo_set_min_childkey_take_per_subnet { netuid, take } => owner_setter(
            ctx,
            origin,
            netuid,
            Limit::Hyper(H::MinChildkeyTake),
            Check,
            |ctx, _| {
                if take < MinChildkeyTake::get(ctx.s) || take > MaxChildkeyTake::get(ctx.s) {
                    return Err(AdminUtilsError::InvalidValue.into());
                }
                MinChildkeyTakePerSubnet::insert(ctx.s, &netuid, take);
                ctx.deposit(E::MinChildKeyTakePerSubnetSet(netuid, take));
                Ok(())
            },
        )?,
        sudo_set_subnet_owner_hotkey { netuid, hotkey }
        | sudo_set_sn_owner_hotkey { netuid, hotkey } => {
            set_sn_owner_hotkey(ctx, origin, netuid, &hotkey)?
        }
        sudo_trim_to_max_allowed_uids { netuid, max_n } => {
            trim::dispatch(ctx, origin, netuid, max_n)?
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
