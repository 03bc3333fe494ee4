//! AdminUtils: the `sudo_set_*` hyperparameter setters, from root (the sudo key through `Sudo.sudo`) or,
//! where subtensor allows it, from the subnet owner.

use crate::call::AdminCall;
use crate::ctx::Ctx;
use crate::error::{AdminUtilsError, DispatchError};
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::types::{AccountId, NetUid};

/// Who is calling an admin setter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminOrigin {
    /// Root, through `Sudo.sudo`.
    Root,
    /// A signed account (allowed only for its own subnet's owner-settable parameters).
    Signed(AccountId),
}

fn ensure_subnet(ctx: &Ctx<'_>, netuid: NetUid) -> Result<(), DispatchError> {
    if NetworksAdded::get(ctx.s, &netuid) {
        Ok(())
    } else {
        Err(AdminUtilsError::SubnetDoesNotExist.into())
    }
}

fn ensure_root_or_owner(
    ctx: &Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
) -> Result<(), DispatchError> {
    ensure_subnet(ctx, netuid)?;
    match origin {
        AdminOrigin::Root => Ok(()),
        AdminOrigin::Signed(who) if SubnetOwner::get(ctx.s, &netuid) == who => Ok(()),
        AdminOrigin::Signed(_) => Err(DispatchError::BadOrigin),
    }
}

fn ensure_root(origin: AdminOrigin) -> Result<(), DispatchError> {
    match origin {
        AdminOrigin::Root => Ok(()),
        AdminOrigin::Signed(_) => Err(DispatchError::BadOrigin),
    }
}

/// Dispatches one AdminUtils call.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    call: &AdminCall,
) -> Result<(), DispatchError> {
    use AdminCall::*;
    match *call {
        sudo_set_serving_rate_limit {
            netuid,
            serving_rate_limit,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            ServingRateLimit::insert(ctx.s, &netuid, serving_rate_limit);
        }
        sudo_set_weights_version_key {
            netuid,
            weights_version_key,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            WeightsVersionKey::insert(ctx.s, &netuid, weights_version_key);
        }
        sudo_set_weights_set_rate_limit {
            netuid,
            weights_set_rate_limit,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            WeightsSetRateLimit::insert(ctx.s, &netuid, weights_set_rate_limit);
        }
        sudo_set_immunity_period {
            netuid,
            immunity_period,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            ImmunityPeriod::insert(ctx.s, &netuid, immunity_period);
        }
        sudo_set_min_allowed_weights {
            netuid,
            min_allowed_weights,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            MinAllowedWeights::insert(ctx.s, &netuid, min_allowed_weights);
        }
        sudo_set_max_allowed_uids {
            netuid,
            max_allowed_uids,
        } => {
            ensure_root(origin)?;
            ensure_subnet(ctx, netuid)?;
            if max_allowed_uids < SubnetworkN::get(ctx.s, &netuid) {
                return Err(AdminUtilsError::MaxValidatorsLargerThanMaxUIds.into());
            }
            MaxAllowedUids::insert(ctx.s, &netuid, max_allowed_uids);
        }
        sudo_set_kappa { netuid, kappa } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            Kappa::insert(ctx.s, &netuid, kappa);
        }
        sudo_set_rho { netuid, rho } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            Rho::insert(ctx.s, &netuid, rho);
        }
        sudo_set_activity_cutoff {
            netuid,
            activity_cutoff,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            // Stored as a factor of tempo, as subtensor's `ActivityCutoffFactorMilli`.
            let tempo = u32::from(Tempo::get(ctx.s, &netuid).max(1));
            let factor = u32::from(activity_cutoff).saturating_mul(1000) / tempo;
            ActivityCutoffFactorMilli::insert(ctx.s, &netuid, factor);
        }
        sudo_set_network_registration_allowed {
            netuid,
            registration_allowed,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            NetworkRegistrationAllowed::insert(ctx.s, &netuid, registration_allowed);
        }
        sudo_set_min_burn { netuid, min_burn } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            MinBurn::insert(ctx.s, &netuid, min_burn);
        }
        sudo_set_max_burn { netuid, max_burn } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            MaxBurn::insert(ctx.s, &netuid, max_burn);
        }
        sudo_set_max_allowed_validators {
            netuid,
            max_allowed_validators,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            if max_allowed_validators > MaxAllowedUids::get(ctx.s, &netuid) {
                return Err(AdminUtilsError::MaxValidatorsLargerThanMaxUIds.into());
            }
            MaxAllowedValidators::insert(ctx.s, &netuid, max_allowed_validators);
        }
        sudo_set_bonds_moving_average {
            netuid,
            bonds_moving_average,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            BondsMovingAverage::insert(ctx.s, &netuid, bonds_moving_average);
        }
        sudo_set_network_rate_limit { rate_limit } => {
            ensure_root(origin)?;
            NetworkRateLimit::put(ctx.s, rate_limit);
        }
        sudo_set_tempo { netuid, tempo } => {
            ensure_root(origin)?;
            ensure_subnet(ctx, netuid)?;
            Tempo::insert(ctx.s, &netuid, tempo);
            ctx.deposit(SubtensorEvent::TempoSet(netuid, tempo));
        }
        sudo_set_stake_threshold { min_stake } => {
            ensure_root(origin)?;
            StakeThreshold::put(ctx.s, min_stake);
        }
        sudo_set_commit_reveal_weights_enabled { netuid, enabled } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            CommitRevealWeightsEnabled::insert(ctx.s, &netuid, enabled);
        }
        sudo_set_liquid_alpha_enabled { netuid, enabled } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            LiquidAlphaOn::insert(ctx.s, &netuid, enabled);
        }
        sudo_set_alpha_values {
            netuid,
            alpha_low,
            alpha_high,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            AlphaValues::insert(ctx.s, &netuid, (alpha_low, alpha_high));
        }
        sudo_set_commit_reveal_weights_interval { netuid, interval } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            RevealPeriodEpochs::insert(ctx.s, &netuid, interval);
        }
        sudo_set_bonds_penalty {
            netuid,
            bonds_penalty,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            BondsPenalty::insert(ctx.s, &netuid, bonds_penalty);
        }
        sudo_set_toggle_transfer { netuid, toggle } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            TransferToggle::insert(ctx.s, &netuid, toggle);
        }
        sudo_set_subtoken_enabled {
            netuid,
            subtoken_enabled,
        } => {
            ensure_root(origin)?;
            ensure_subnet(ctx, netuid)?;
            SubtokenEnabled::insert(ctx.s, &netuid, subtoken_enabled);
        }
        sudo_set_yuma3_enabled { netuid, enabled } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            Yuma3On::insert(ctx.s, &netuid, enabled);
        }
        sudo_set_admin_freeze_window { window } => {
            ensure_root(origin)?;
            AdminFreezeWindow::put(ctx.s, window);
        }
        sudo_set_burn_half_life {
            netuid,
            burn_half_life,
        } => {
            ensure_root_or_owner(ctx, origin, netuid)?;
            BurnHalfLife::insert(ctx.s, &netuid, burn_half_life);
        }
        sudo_set_subnet_emission_enabled { netuid, enabled } => {
            ensure_root(origin)?;
            ensure_subnet(ctx, netuid)?;
            SubnetEmissionEnabled::insert(ctx.s, &netuid, enabled);
        }
    }
    Ok(())
}
