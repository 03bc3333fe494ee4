//! `Seller`: a neuron's coldkey selling the alpha its hotkey earns, as most participants on mainnet do.
//!
//! Every `interval` blocks it unstakes (`remove_stake`, at any price) all the alpha its coldkey holds
//! through its hotkey beyond its baseline: the stake it held the first time it saw the hotkey registered
//! on the subnet (its bootstrap stake, or for a late miner the stake added with its registration). What
//! it sells is therefore what emission paid it: a miner's incentive, a validator's dividends. Without
//! such sellers a devnet's prices only rise, since every block's TAO emission buys alpha for the protocol.
//!
//! Sales worth less than [`MIN_SALE_RAO`] at the spot price wait for more earnings, so no sale trips the
//! chain's minimum (`AmountTooLow`). It reads and submits only through its [`ChainClient`], so a
//! simulated run replays exactly.

use crate::client::ChainClient;
use crate::node::{BlockSealed, Wake};
use actix::prelude::*;
use std::sync::Arc;
use taonet_chain::call::{Call, SubtensorCall};
use taonet_chain::keys::Keypair;
use taonet_chain::staking::MIN_STAKE;
use taonet_chain::{NetUid, RAO_PER_TAO};

/// The smallest sale, in rao at the spot price: twice the chain's minimum unstake (`MIN_STAKE`,
/// 0.002 TAO), so the pool fee and slippage never take a sale below it.
pub const MIN_SALE_RAO: u64 = 2 * MIN_STAKE;

/// What a seller sells and when.
#[derive(Clone, Debug)]
pub struct SellerConfig {
    /// The actor's name (its extrinsics are ordered under it).
    pub name: String,
    /// The subnet the neuron is registered on.
    pub netuid: NetUid,
    /// The neuron's coldkey: holds the stake and signs the sales.
    pub coldkey: Keypair,
    /// The neuron's hotkey, which its earnings are staked to.
    pub hotkey: Keypair,
    /// Blocks between two sales (≥ 1).
    pub interval: u32,
}

/// The alpha to sell when `held` is staked, `baseline` is what the neuron keeps, and the pool's spot price
/// is `price_rao` per alpha: everything above the baseline, or nothing when that is worth less than
/// [`MIN_SALE_RAO`].
pub fn alpha_to_sell(held: u64, baseline: u64, price_rao: u64) -> u64 {
    let earned = held.saturating_sub(baseline);
    let value = u128::from(earned) * u128::from(price_rao) / u128::from(RAO_PER_TAO);
    if value < u128::from(MIN_SALE_RAO) {
        0
    } else {
        earned
    }
}

/// A neuron's coldkey selling its earnings.
pub struct Seller {
    name: String,
    config: SellerConfig,
    client: Arc<dyn ChainClient>,
    /// The stake kept, once the hotkey has been seen registered.
    baseline: Option<u64>,
    restarts: u32,
}

impl Seller {
    /// A seller for `config`, reaching the chain through `client`.
    pub fn new(config: SellerConfig, client: Arc<dyn ChainClient>) -> Self {
        Seller {
            name: config.name.clone(),
            config,
            client,
            baseline: None,
            restarts: 0,
        }
    }

    fn held(&self) -> u64 {
        let c = &self.config;
        (self.client).stake(&c.hotkey.account_id(), &c.coldkey.account_id(), c.netuid)
    }

    /// Acts after block `number`; returns the next block it wants to see.
    fn act(&mut self, number: u32) -> u32 {
        let interval = self.config.interval.max(1);
        let next_sale = (number / interval + 1) * interval;
        let Some(baseline) = self.baseline else {
            let hotkey = self.config.hotkey.account_id();
            let registered =
                (self.client.neurons(self.config.netuid).iter()).any(|n| n.hotkey == hotkey);
            if !registered {
                return number + 1;
            }
            let held = self.held();
            tracing::debug!(actor = %self.name, block = number, baseline = held, "keeping its stake");
            self.baseline = Some(held);
            return next_sale;
        };
        if number % interval != 0 {
            return next_sale;
        }
        let held = self.held();
        let price_rao = self.client.pool(self.config.netuid).price_rao;
        let alpha = alpha_to_sell(held, baseline, price_rao);
        if alpha == 0 {
            return next_sale;
        }
        tracing::info!(actor = %self.name, block = number, alpha, price_rao, "selling earnings");
        let call = SubtensorCall::remove_stake {
            hotkey: self.config.hotkey.account_id(),
            netuid: self.config.netuid,
            amount_unstaked: alpha,
        };
        if let Err(e) = (self.client).submit(&self.config.coldkey, Call::SubtensorModule(call)) {
            tracing::warn!(actor = %self.name, error = %e, "sale not submitted");
        }
        next_sale
    }
}

impl Actor for Seller {
    type Context = Context<Self>;
}

crate::supervised_actor!(Seller);

impl Handler<BlockSealed> for Seller {
    type Result = MessageResult<BlockSealed>;

    fn handle(&mut self, msg: BlockSealed, ctx: &mut Self::Context) -> Self::Result {
        let name = self.name.clone();
        let next = crate::supervise::guarded::<Self, _>(&name, ctx, || self.act(msg.number))
            .unwrap_or(msg.number + 1);
        MessageResult(Wake(next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_sells_everything_above_the_baseline_once_worth_the_minimum() {
        // 0.004 TAO at 0.5 TAO/α is 0.008 α = 8_000_000 rao of alpha.
        assert_eq!(
            alpha_to_sell(108_000_000, 100_000_000, 500_000_000),
            8_000_000
        );
        assert_eq!(alpha_to_sell(107_999_999, 100_000_000, 500_000_000), 0);
        assert_eq!(
            alpha_to_sell(5 * RAO_PER_TAO, 0, RAO_PER_TAO),
            5 * RAO_PER_TAO
        );
        // Below the baseline (the coldkey unstaked some itself) there is nothing to sell.
        assert_eq!(alpha_to_sell(90, 100, RAO_PER_TAO), 0);
        assert_eq!(alpha_to_sell(u64::MAX, 0, u64::MAX), u64::MAX);
    }
}
