//! Miner behaviours: how a built-in miner answers a challenge. Every random choice comes from the
//! caller's seeded RNG, so a miner's answers and latencies are reproducible.
//!
//! Expected scores under [`crate::task::score`]: honest > noisy > lazy > offline = slow = 0.

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::task::{expected, Challenge};

/// Probability that a noisy miner answers exactly.
pub const NOISY_EXACT_P: f64 = 0.5;
/// Probability that a lazy miner bothers to compute the answer.
pub const LAZY_EXACT_P: f64 = 0.1;

/// Errors of behaviour parsing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BehaviourError {
    /// Not one of `honest, noisy, lazy, offline, slow`.
    #[error("unknown miner behaviour {0:?} (expected honest, noisy, lazy, offline or slow)")]
    Unknown(String),
}

/// How a miner answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Behaviour {
    /// The correct answer, fast (1–10 % of the timeout).
    Honest,
    /// Correct half of the time, otherwise off by 1–15 % (partial credit); 10–30 % of the timeout.
    Noisy,
    /// Usually a cheap wrong guess (the first number), correct 10 % of the time; very fast.
    Lazy,
    /// Never answers.
    Offline,
    /// The correct answer, but after the timeout.
    Slow,
}

impl Behaviour {
    /// Every behaviour, in a fixed order.
    pub const ALL: [Behaviour; 5] = [
        Behaviour::Honest,
        Behaviour::Noisy,
        Behaviour::Lazy,
        Behaviour::Offline,
        Behaviour::Slow,
    ];

    /// The lowercase name used in topologies.
    pub fn name(self) -> &'static str {
        match self {
            Behaviour::Honest => "honest",
            Behaviour::Noisy => "noisy",
            Behaviour::Lazy => "lazy",
            Behaviour::Offline => "offline",
            Behaviour::Slow => "slow",
        }
    }

    /// The miner's answer to `challenge` and how long it took, drawn from `rng`. `latency_ms` of an
    /// offline miner is the timeout (the caller waited for nothing).
    pub fn respond(
        &self,
        challenge: &Challenge,
        rng: &mut ChaCha8Rng,
        timeout_ms: u64,
    ) -> Response {
        let right = expected(challenge);
        let frac = |rng: &mut ChaCha8Rng, lo: f64, hi: f64| -> u64 {
            let f: f64 = rng.random_range(lo..hi);
            ((timeout_ms as f64 * f) as u64).max(1)
        };
        match self {
            Behaviour::Honest => Response {
                answer: Some(right),
                latency_ms: frac(rng, 0.01, 0.10),
            },
            Behaviour::Noisy => {
                let exact = rng.random_bool(NOISY_EXACT_P);
                let answer = if exact { right } else { perturb(right, rng) };
                Response {
                    answer: Some(answer),
                    latency_ms: frac(rng, 0.10, 0.30),
                }
            }
            Behaviour::Lazy => {
                let answer = if rng.random_bool(LAZY_EXACT_P) {
                    right
                } else {
                    challenge.numbers.first().copied().unwrap_or(0)
                };
                Response {
                    answer: Some(answer),
                    latency_ms: frac(rng, 0.001, 0.01),
                }
            }
            Behaviour::Offline => Response {
                answer: None,
                latency_ms: timeout_ms,
            },
            Behaviour::Slow => Response {
                answer: Some(right),
                latency_ms: timeout_ms + frac(rng, 0.01, 0.5),
            },
        }
    }
}

/// `value` moved by a relative error of 1–15 % in a random direction (at least by 1).
fn perturb(value: i64, rng: &mut ChaCha8Rng) -> i64 {
    let rel: f64 = rng.random_range(0.01..0.15);
    let delta = ((value as f64).abs() * rel).round().max(1.0) as i64;
    if rng.random_bool(0.5) {
        value.saturating_add(delta)
    } else {
        value.saturating_sub(delta)
    }
}

impl fmt::Display for Behaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Behaviour {
    type Err = BehaviourError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Behaviour::ALL
            .into_iter()
            .find(|b| b.name() == s)
            .ok_or_else(|| BehaviourError::Unknown(s.to_string()))
    }
}

/// A miner's answer and the time it took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Response {
    /// The answer, if any.
    pub answer: Option<i64>,
    /// Time from request to answer, in milliseconds.
    pub latency_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::score;
    use rand::SeedableRng;

    fn mean_score(b: Behaviour, seed: u64) -> f64 {
        let mut challenges = ChaCha8Rng::seed_from_u64(seed);
        let mut miner = ChaCha8Rng::seed_from_u64(seed ^ 0xfeed);
        let n = 2000;
        let timeout = 12_000;
        let total: f64 = (0..n)
            .map(|i| {
                let c = Challenge::generate(i, &mut challenges);
                let r = b.respond(&c, &mut miner, timeout);
                score(&c, r.answer, r.latency_ms, timeout)
            })
            .sum();
        total / n as f64
    }

    #[test]
    fn expected_score_order() {
        let honest = mean_score(Behaviour::Honest, 42);
        let noisy = mean_score(Behaviour::Noisy, 42);
        let lazy = mean_score(Behaviour::Lazy, 42);
        let offline = mean_score(Behaviour::Offline, 42);
        let slow = mean_score(Behaviour::Slow, 42);
        assert!(honest > 0.95, "honest {honest}");
        assert!(honest > noisy + 0.1, "honest {honest} noisy {noisy}");
        assert!(noisy > lazy + 0.2, "noisy {noisy} lazy {lazy}");
        assert!(lazy > 0.02, "lazy {lazy}");
        assert_eq!(offline, 0.0);
        assert_eq!(slow, 0.0);
    }

    #[test]
    fn deterministic_under_seed() {
        let c = Challenge::generate(1, &mut ChaCha8Rng::seed_from_u64(9));
        for b in Behaviour::ALL {
            let a = b.respond(&c, &mut ChaCha8Rng::seed_from_u64(5), 1000);
            let z = b.respond(&c, &mut ChaCha8Rng::seed_from_u64(5), 1000);
            assert_eq!(a, z);
        }
    }

    #[test]
    fn names_round_trip() {
        for b in Behaviour::ALL {
            assert_eq!(b.to_string().parse::<Behaviour>(), Ok(b));
        }
        assert!("Honest".parse::<Behaviour>().is_err());
    }

    #[test]
    fn slow_is_late_and_offline_silent() {
        let c = Challenge::generate(1, &mut ChaCha8Rng::seed_from_u64(1));
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        assert!(Behaviour::Slow.respond(&c, &mut rng, 100).latency_ms > 100);
        assert_eq!(Behaviour::Offline.respond(&c, &mut rng, 100).answer, None);
    }
}
