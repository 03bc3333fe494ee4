//! `MarketMaker`: a bot trading TAO against a subnet's alpha by its strategy, staking through a hotkey.

use crate::client::ChainClient;
use crate::node::{BlockSealed, Wake};
use crate::strategy::{MarketObservation, Strategy, Trade};
use actix::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;
use std::sync::Arc;
use taonet_chain::call::{Call, SubtensorCall};
use taonet_chain::keys::Keypair;
use taonet_chain::{AccountId, NetUid};

const PRICE_HISTORY: usize = 32;

/// A market-making bot.
pub struct MarketMaker {
    name: String,
    netuid: NetUid,
    coldkey: Keypair,
    stake_hotkey: AccountId,
    client: Arc<dyn ChainClient>,
    strategy: Strategy,
    interval: u32,
    budget: u64,
    spent: u64,
    prices: VecDeque<u64>,
    rng: ChaCha8Rng,
    restarts: u32,
}

impl MarketMaker {
    /// A bot called `name` trading on `netuid` every `interval` blocks with at most `budget` rao, staking
    /// through `stake_hotkey`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: impl Into<String>,
        netuid: NetUid,
        coldkey: Keypair,
        stake_hotkey: AccountId,
        client: Arc<dyn ChainClient>,
        strategy: Strategy,
        interval: u32,
        budget: u64,
        seed: u64,
    ) -> Self {
        let name = name.into();
        let rng = ChaCha8Rng::seed_from_u64(crate::seed_for(seed, &name));
        MarketMaker {
            name,
            netuid,
            coldkey,
            stake_hotkey,
            client,
            strategy,
            interval: interval.max(1),
            budget,
            spent: 0,
            prices: VecDeque::with_capacity(PRICE_HISTORY),
            rng,
            restarts: 0,
        }
    }

    fn act(&mut self, number: u32) {
        let pool = self.client.pool(self.netuid);
        if self.prices.len() == PRICE_HISTORY {
            self.prices.pop_front();
        }
        self.prices.push_back(pool.price_rao);
        let me = self.coldkey.account_id();
        let prices: Vec<u64> = self.prices.iter().copied().collect();
        let obs = MarketObservation {
            block: u64::from(number),
            price_rao_per_alpha: pool.price_rao,
            tao_balance: self.client.free_balance(&me).saturating_sub(1_000_000),
            alpha_held: self.client.stake(&self.stake_hotkey, &me, self.netuid),
            budget_left: self.budget.saturating_sub(self.spent),
            recent_prices: &prices,
        };
        let decision = self.strategy.decide(&obs, &mut self.rng);
        if let Some(trade) = decision {
            tracing::info!(actor = %self.name, block = number, price_rao = pool.price_rao, ?trade, "trading");
        }
        let call = match decision {
            Some(Trade::Buy { tao }) => {
                self.spent = self.spent.saturating_add(tao);
                SubtensorCall::add_stake {
                    hotkey: self.stake_hotkey,
                    netuid: self.netuid,
                    amount_staked: tao,
                }
            }
            Some(Trade::Sell { alpha }) => SubtensorCall::remove_stake {
                hotkey: self.stake_hotkey,
                netuid: self.netuid,
                amount_unstaked: alpha,
            },
            None => return,
        };
        if let Err(e) = self
            .client
            .submit(&self.coldkey, Call::SubtensorModule(call))
        {
            tracing::warn!(actor = %self.name, error = %e, "trade not submitted");
        }
    }
}

impl Actor for MarketMaker {
    type Context = Context<Self>;
}

crate::supervised_actor!(MarketMaker);

impl Handler<BlockSealed> for MarketMaker {
    type Result = MessageResult<BlockSealed>;

    fn handle(&mut self, msg: BlockSealed, ctx: &mut Self::Context) -> Self::Result {
        if msg.number % self.interval == 0 {
            let name = self.name.clone();
            crate::supervise::guarded::<Self, _>(&name, ctx, || self.act(msg.number));
        }
        let next = (msg.number / self.interval + 1) * self.interval;
        MessageResult(Wake(next))
    }
}
