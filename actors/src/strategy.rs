//! Market-making bot strategies for the dTAO subnet pools. [`Strategy::decide`] is a pure function of
//! the observation, the strategy's own state and a seeded RNG, so bots are reproducible.
//!
//! Amounts: TAO in rao, alpha in its smallest unit, prices in rao per whole alpha (`1e9` units).

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Errors of strategy parsing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StrategyError {
    /// Not one of `noise, mean_reversion, momentum, whale`.
    #[error("unknown bot strategy {0:?} (expected noise, mean_reversion, momentum or whale)")]
    Unknown(String),
}

/// What a bot sees before deciding at a block.
#[derive(Clone, Copy, Debug)]
pub struct MarketObservation<'a> {
    /// Current block number.
    pub block: u64,
    /// Current pool price, rao per alpha.
    pub price_rao_per_alpha: u64,
    /// The bot's free TAO, rao.
    pub tao_balance: u64,
    /// The bot's alpha stake on the subnet.
    pub alpha_held: u64,
    /// TAO the bot may still spend in this run, rao.
    pub budget_left: u64,
    /// Past prices, oldest first (the current price may or may not be the last entry).
    pub recent_prices: &'a [u64],
}

impl MarketObservation<'_> {
    /// TAO the bot can spend now: the smaller of balance and budget.
    pub fn spendable(&self) -> u64 {
        self.tao_balance.min(self.budget_left)
    }
}

/// A trade on the subnet pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trade {
    /// Stake `tao` rao into the pool (buy alpha).
    Buy {
        /// Rao to spend.
        tao: u64,
    },
    /// Unstake `alpha` (sell alpha for TAO).
    Sell {
        /// Alpha to sell.
        alpha: u64,
    },
}

/// A bot strategy with its parameters (and, for the whale, its state).
#[derive(Clone, Debug, PartialEq)]
pub enum Strategy {
    /// Random small trades: with probability `trade_probability` per block, a buy or sell of up to
    /// `trade_fraction` of what is available.
    Noise {
        /// Chance of trading at a block.
        trade_probability: f64,
        /// Largest share of spendable TAO / held alpha per trade.
        trade_fraction: f64,
    },
    /// Buys below `center·(1 − band)`, sells above `center·(1 + band)`, where `center` is `target` or
    /// else the mean of `recent_prices`.
    MeanReversion {
        /// Fixed target price (rao per alpha); `None` = the mean of recent prices.
        target: Option<u64>,
        /// Half-width of the band, in basis points of the center.
        band_bps: u64,
        /// Share of spendable TAO / held alpha per trade.
        trade_fraction: f64,
    },
    /// Follows the trend: buys when the price rose by more than `threshold_bps` over the last `lookback`
    /// observations, sells when it fell by as much.
    Momentum {
        /// How many observations back to compare with.
        lookback: usize,
        /// Minimum move, basis points.
        threshold_bps: u64,
        /// Share of spendable TAO / held alpha per trade.
        trade_fraction: f64,
    },
    /// A big trade every `period` blocks (a buy when it holds no alpha, else a coin flip).
    Whale {
        /// Blocks between trades.
        period: u64,
        /// Share of spendable TAO / held alpha per trade.
        size_fraction: f64,
        /// Block of the last trade.
        last_trade: Option<u64>,
    },
}

impl Strategy {
    /// The lowercase name used in topologies.
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::Noise { .. } => "noise",
            Strategy::MeanReversion { .. } => "mean_reversion",
            Strategy::Momentum { .. } => "momentum",
            Strategy::Whale { .. } => "whale",
        }
    }

    /// The trade to make at this observation, if any. Never spends more than
    /// [`MarketObservation::spendable`] nor sells more than `alpha_held`; never returns a zero trade.
    pub fn decide(&mut self, obs: &MarketObservation<'_>, rng: &mut ChaCha8Rng) -> Option<Trade> {
        let price = obs.price_rao_per_alpha;
        match self {
            Strategy::Noise {
                trade_probability,
                trade_fraction,
            } => {
                if !rng.random_bool(trade_probability.clamp(0.0, 1.0)) {
                    return None;
                }
                let buy = rng.random_bool(0.5);
                let cap = if buy {
                    part(obs.spendable(), *trade_fraction)
                } else {
                    part(obs.alpha_held, *trade_fraction)
                };
                if cap == 0 {
                    return None;
                }
                let amount = rng.random_range(1..=cap);
                Some(if buy {
                    Trade::Buy { tao: amount }
                } else {
                    Trade::Sell { alpha: amount }
                })
            }
            Strategy::MeanReversion {
                target,
                band_bps,
                trade_fraction,
            } => {
                let center = match target {
                    Some(t) => *t,
                    None if obs.recent_prices.is_empty() => return None,
                    None => {
                        let sum: u128 = obs.recent_prices.iter().map(|&p| u128::from(p)).sum();
                        (sum / obs.recent_prices.len() as u128) as u64
                    }
                };
                let band = (u128::from(center) * u128::from(*band_bps) / 10_000) as u64;
                if price < center.saturating_sub(band) {
                    buy(part(obs.spendable(), *trade_fraction))
                } else if price > center.saturating_add(band) {
                    sell(part(obs.alpha_held, *trade_fraction))
                } else if obs.alpha_held == 0 {
                    // A market maker with no inventory cannot answer a rise: inside the band it builds a
                    // small starting position.
                    buy(part(obs.spendable(), *trade_fraction / 4.0))
                } else {
                    None
                }
            }
            Strategy::Momentum {
                lookback,
                threshold_bps,
                trade_fraction,
            } => {
                let n = obs.recent_prices.len();
                if *lookback == 0 || n < *lookback {
                    return None;
                }
                let past = obs.recent_prices[n - *lookback];
                let move_ = u128::from(past) * u128::from(*threshold_bps) / 10_000;
                let (now, past) = (u128::from(price), u128::from(past));
                if now > past + move_ {
                    buy(part(obs.spendable(), *trade_fraction))
                } else if now + move_ < past {
                    sell(part(obs.alpha_held, *trade_fraction))
                } else {
                    None
                }
            }
            Strategy::Whale {
                period,
                size_fraction,
                last_trade,
            } => {
                let period = (*period).max(1);
                let due = match *last_trade {
                    None => obs.block % period == 0,
                    Some(last) => obs.block >= last.saturating_add(period),
                };
                if !due {
                    return None;
                }
                let wants_buy = obs.alpha_held == 0 || rng.random_bool(0.5);
                let trade = if wants_buy {
                    buy(part(obs.spendable(), *size_fraction))
                } else {
                    sell(part(obs.alpha_held, *size_fraction))
                };
                if trade.is_some() {
                    *last_trade = Some(obs.block);
                }
                trade
            }
        }
    }
}

/// `fraction` (clamped to `[0, 1]`) of `amount`, rounded down.
fn part(amount: u64, fraction: f64) -> u64 {
    let f = if fraction.is_nan() {
        0.0
    } else {
        fraction.clamp(0.0, 1.0)
    };
    ((amount as f64) * f).floor().min(amount as f64) as u64
}

fn buy(tao: u64) -> Option<Trade> {
    (tao > 0).then_some(Trade::Buy { tao })
}

fn sell(alpha: u64) -> Option<Trade> {
    (alpha > 0).then_some(Trade::Sell { alpha })
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Strategy {
    type Err = StrategyError;
    /// A strategy by name with default parameters: noise (p 0.3, ≤5 %), mean_reversion (band 5 % around
    /// the recent mean, 10 %), momentum (lookback 5, 1 %, 10 %), whale (every 50 blocks, 50 %).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "noise" => Ok(Strategy::Noise {
                trade_probability: 0.3,
                trade_fraction: 0.05,
            }),
            "mean_reversion" => Ok(Strategy::MeanReversion {
                target: None,
                band_bps: 500,
                trade_fraction: 0.1,
            }),
            "momentum" => Ok(Strategy::Momentum {
                lookback: 5,
                threshold_bps: 100,
                trade_fraction: 0.1,
            }),
            "whale" => Ok(Strategy::Whale {
                period: 50,
                size_fraction: 0.5,
                last_trade: None,
            }),
            other => Err(StrategyError::Unknown(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const ALPHA: u64 = 1_000_000_000;

    fn obs(block: u64, price: u64, recent: &[u64]) -> MarketObservation<'_> {
        MarketObservation {
            block,
            price_rao_per_alpha: price,
            tao_balance: 1_000 * ALPHA,
            alpha_held: 500 * ALPHA,
            budget_left: 100 * ALPHA,
            recent_prices: recent,
        }
    }

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(11)
    }

    #[test]
    fn mean_reversion_buys_low_sells_high() {
        let mut s = Strategy::MeanReversion {
            target: Some(ALPHA),
            band_bps: 500,
            trade_fraction: 0.1,
        };
        let r = &mut rng();
        assert_eq!(
            s.decide(&obs(1, ALPHA / 2, &[]), r),
            Some(Trade::Buy { tao: 10 * ALPHA })
        );
        assert_eq!(
            s.decide(&obs(2, 2 * ALPHA, &[]), r),
            Some(Trade::Sell { alpha: 50 * ALPHA })
        );
        assert_eq!(s.decide(&obs(3, ALPHA + ALPHA / 50, &[]), r), None);
        // Around the recent mean when no target is set.
        let mut s: Strategy = "mean_reversion".parse().unwrap();
        let hist = [100, 100, 100];
        assert!(matches!(
            s.decide(&obs(1, 90, &hist), r),
            Some(Trade::Buy { .. })
        ));
        assert!(matches!(
            s.decide(&obs(1, 110, &hist), r),
            Some(Trade::Sell { .. })
        ));
        assert_eq!(s.decide(&obs(1, 110, &[]), r), None);
    }

    #[test]
    fn mean_reversion_without_inventory_builds_a_starting_position() {
        let mut s = Strategy::MeanReversion {
            target: Some(ALPHA),
            band_bps: 500,
            trade_fraction: 0.1,
        };
        let empty = MarketObservation {
            alpha_held: 0,
            ..obs(1, ALPHA, &[])
        };
        // Spendable = min(1000, 100) TAO; a quarter of the 10% trade fraction: 2.5 TAO.
        assert_eq!(
            s.decide(&empty, &mut rng()),
            Some(Trade::Buy { tao: 5 * ALPHA / 2 })
        );
    }

    #[test]
    fn momentum_follows_trend() {
        let mut s: Strategy = "momentum".parse().unwrap();
        let r = &mut rng();
        let up = [100, 101, 102, 104, 106];
        let down = [106, 104, 102, 101, 100];
        assert!(matches!(
            s.decide(&obs(1, 108, &up), r),
            Some(Trade::Buy { .. })
        ));
        assert!(matches!(
            s.decide(&obs(1, 98, &down), r),
            Some(Trade::Sell { .. })
        ));
        assert_eq!(s.decide(&obs(1, 106, &[106, 106, 106, 106, 106]), r), None);
        assert_eq!(s.decide(&obs(1, 200, &[100]), r), None); // not enough history
    }

    #[test]
    fn whale_trades_periodically_big() {
        let mut s = Strategy::Whale {
            period: 10,
            size_fraction: 0.5,
            last_trade: None,
        };
        let r = &mut rng();
        let mut trades = Vec::new();
        for block in 1..=45 {
            if let Some(t) = s.decide(&obs(block, ALPHA, &[]), r) {
                trades.push((block, t));
            }
        }
        let blocks: Vec<u64> = trades.iter().map(|(b, _)| *b).collect();
        assert_eq!(blocks, vec![10, 20, 30, 40]);
        for (_, t) in trades {
            match t {
                Trade::Buy { tao } => assert_eq!(tao, 50 * ALPHA),
                Trade::Sell { alpha } => assert_eq!(alpha, 250 * ALPHA),
            }
        }
    }

    #[test]
    fn noise_is_bounded_and_deterministic() {
        let run = |seed| {
            let mut s: Strategy = "noise".parse().unwrap();
            let mut r = ChaCha8Rng::seed_from_u64(seed);
            (0..500)
                .map(|b| s.decide(&obs(b, ALPHA, &[]), &mut r))
                .collect::<Vec<_>>()
        };
        let a = run(3);
        assert_eq!(a, run(3));
        assert!(a.iter().flatten().count() > 50);
        for t in a.iter().flatten() {
            match *t {
                Trade::Buy { tao } => assert!(tao > 0 && tao <= 5 * ALPHA),
                Trade::Sell { alpha } => assert!(alpha > 0 && alpha <= 25 * ALPHA),
            }
        }
        // Nothing to spend: never buys.
        let mut s: Strategy = "noise".parse().unwrap();
        let mut r = rng();
        let mut o = obs(0, ALPHA, &[]);
        o.budget_left = 0;
        o.alpha_held = 0;
        assert!((0..200).all(|_| s.decide(&o, &mut r).is_none()));
    }

    #[test]
    fn names_parse() {
        for n in ["noise", "mean_reversion", "momentum", "whale"] {
            assert_eq!(n.parse::<Strategy>().unwrap().to_string(), n);
        }
        assert!("hodl".parse::<Strategy>().is_err());
    }
}
