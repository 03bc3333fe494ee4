//! Auto parent delegation (newer than spec 208), as subtensor main does it: when a subnet is
//! registered, every root validator becomes a parent of the new subnet's owner hotkey with its whole
//! proportion (`u64::MAX`), so the owner hotkey validates with the root validators' stake weight from
//! the start and the root validators share its dividends through the childkey split.
//!
//! - The rule (`do_set_root_validators_for_subnet`, step 18 of `do_register_network`): for each hotkey
//!   of the root network in `Keys` order, skipping the owner hotkey itself and validators that opted out
//!   (`AutoParentDelegationEnabled` = false), `set_children(validator, netuid, [(u64::MAX, owner
//!   hotkey)])` is dispatched as if signed by the validator's coldkey. Each does what `set_children` does — on a new
//!   subnet (subtoken not yet enabled) the link applies at once with `SetChildren` and starts the
//!   validator's 150-block `set_children` rate limit on that subnet — and a validator `set_children`
//!   refuses (below `StakeThreshold`, too many children, a parent/child conflict) is skipped silently,
//!   as subtensor only logs it.
//! - The call `set_auto_parent_delegation_enabled(hotkey, enabled)` [135]: signed by the hotkey's
//!   coldkey (`NonAssociatedColdKey`), the hotkey registered on root (`HotKeyNotRegisteredInSubNet`);
//!   stores the flag and deposits `AutoParentDelegationEnabledSet`.
//!
//! Subtensor also moves the flag on `swap_hotkey`; taonet has no hotkey swap.

use super::{coldkey_owns_hotkey, set_children};
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{AutoParentDelegationEnabled, Keys, Owner, SubnetOwnerHotkey, Uids};
use crate::subnets;
use crate::types::{AccountId, NetUid, ROOT_NETUID};

#[cfg(test)]
mod tests;

/// `set_auto_parent_delegation_enabled(hotkey, enabled)` signed by `coldkey` (see the module docs).
pub fn set_auto_parent_delegation_enabled(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    enabled: bool,
) -> Result<(), DispatchError> {
    if !coldkey_owns_hotkey(ctx.s, coldkey, hotkey) {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    if !Uids::contains_key(ctx.s, &ROOT_NETUID, hotkey) {
        return Err(SubtensorError::HotKeyNotRegisteredInSubNet.into());
    }
    AutoParentDelegationEnabled::insert(ctx.s, hotkey, enabled);
    ctx.deposit(SubtensorEvent::AutoParentDelegationEnabledSet {
        hotkey: *hotkey,
        enabled,
    });
    Ok(())
}

/// Makes every root validator that has not opted out a parent of `netuid`'s owner hotkey (subtensor's
/// `do_set_root_validators_for_subnet`). Fails only when `netuid` is root
/// (`RegistrationNotPermittedOnRootSubnet`) or has no owner hotkey (`SubnetNotExists`); a validator
/// whose `set_children` fails is skipped.
pub fn set_root_validators_for_subnet(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
) -> Result<(), DispatchError> {
    if netuid == ROOT_NETUID {
        return Err(SubtensorError::RegistrationNotPermittedOnRootSubnet.into());
    }
    subnets::ensure_exists(ctx.s, netuid)?;
    let owner_hotkey =
        SubnetOwnerHotkey::try_get(ctx.s, &netuid).ok_or(SubtensorError::SubnetNotExists)?;
    for (_uid, validator) in Keys::iter_prefix(ctx.s, &ROOT_NETUID) {
        if validator == owner_hotkey || !AutoParentDelegationEnabled::get(ctx.s, &validator) {
            continue;
        }
        let coldkey = Owner::get(ctx.s, &validator);
        // A refusal writes nothing (every check precedes `set_children`'s writes); subtensor logs it.
        let _refused = set_children(
            ctx,
            &coldkey,
            &validator,
            netuid,
            &[(u64::MAX, owner_hotkey)],
        );
    }
    Ok(())
}
