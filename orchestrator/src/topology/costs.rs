//! What a topology costs its accounts: estimated subnet lock costs and the funding each neuron and bot
//! coldkey needs. Shared by validation (the owner-balance check) and the plan (funding amounts).
//!
//! These are estimates: the real lock cost is decided by the chain when the subnet is registered (it
//! doubles with each registration and decays back towards the 1000 TAO floor over time), and the real
//! registration burn moves with demand.

use super::schema::{Bot, Hyperparameters};
use taonet_chain::RAO_PER_TAO;

/// Lock cost of the first subnet registered on a fresh chain (subtensor's `NetworkMinLockCost`).
pub const SUBNET_LOCK_BASE_RAO: u64 = 1_000 * RAO_PER_TAO;
/// Funding set aside per neuron for its registration burn (raised to `min_burn` when that is higher).
pub const REGISTRATION_BURN_HEADROOM_RAO: u64 = 10 * RAO_PER_TAO;
/// Funding set aside per coldkey for transaction fees.
pub const FEE_HEADROOM_RAO: u64 = RAO_PER_TAO;

/// Estimated lock cost of the subnet registered `index`-th (0-based) on a fresh chain, assuming the
/// registrations follow each other closely: 1000, 2000, 4000 … TAO.
pub fn estimated_lock_rao(index: usize) -> u64 {
    let shift = u32::try_from(index).unwrap_or(u32::MAX);
    SUBNET_LOCK_BASE_RAO
        .checked_shl(shift)
        .filter(|v| v >> shift == SUBNET_LOCK_BASE_RAO)
        .unwrap_or(u64::MAX)
}

/// Registration burn headroom for a neuron on a subnet with these hyperparameters.
pub fn burn_headroom_rao(hyperparameters: &Hyperparameters) -> u64 {
    REGISTRATION_BURN_HEADROOM_RAO.max(hyperparameters.min_burn.unwrap_or(0))
}

/// Funding a neuron's coldkey needs: its stake, its registration burn headroom and fee headroom.
pub fn neuron_funding_rao(stake_rao: u64, hyperparameters: &Hyperparameters) -> u64 {
    stake_rao
        .saturating_add(burn_headroom_rao(hyperparameters))
        .saturating_add(FEE_HEADROOM_RAO)
}

/// Funding a bot's coldkey needs: its budget and fee headroom.
pub fn bot_funding_rao(bot: &Bot) -> u64 {
    bot.budget_rao.saturating_add(FEE_HEADROOM_RAO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_doubles() {
        assert_eq!(estimated_lock_rao(0), 1_000 * RAO_PER_TAO);
        assert_eq!(estimated_lock_rao(1), 2_000 * RAO_PER_TAO);
        assert_eq!(estimated_lock_rao(2), 4_000 * RAO_PER_TAO);
        assert_eq!(estimated_lock_rao(64), u64::MAX);
        assert_eq!(estimated_lock_rao(24), (1_000 * RAO_PER_TAO) << 24);
        assert_eq!(estimated_lock_rao(25), u64::MAX);
    }
}
