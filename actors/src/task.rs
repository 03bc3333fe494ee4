//! The built-in subnet task: small arithmetic challenges whose answers a validator can check exactly,
//! with partial credit for close answers, and the `Compute` synapse that carries them over the axon.
//!
//! The Python equivalent of [`Compute`], for subnet code that wants to talk to taonet's neurons:
//! ```text
//! class Compute(bt.Synapse):
//!     challenge_id: int
//!     numbers: list[int]
//!     op: str
//!     answer: Optional[int] = None
//!     required_hash_fields: ClassVar[tuple[str, ...]] = ("challenge_id", "numbers", "op")
//! ```

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::axon::synapse::{Synapse, SynapseCommon};

/// The modulus of [`Op::SumSquaresMod`].
pub const MODULUS: i64 = 1_000_003;
/// Relative error at and beyond which an inexact answer earns nothing.
pub const MAX_REL_ERROR: f64 = 0.2;
/// The most an inexact answer can earn.
pub const INEXACT_CAP: f64 = 0.8;
/// The largest share of the score taken away for latency (at latency = timeout).
pub const LATENCY_PENALTY: f64 = 0.2;

/// Errors of the task.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaskError {
    /// The operation name is not one of [`Op`]'s.
    #[error("unknown operation {0:?} (expected sum_squares_mod, median or max_subarray)")]
    UnknownOp(String),
}

/// What to compute over the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `sum(x*x) mod MODULUS`.
    SumSquaresMod,
    /// The lower median.
    Median,
    /// The largest sum of a non-empty contiguous run (Kadane).
    MaxSubarray,
}

impl Op {
    /// Every operation, in a fixed order.
    pub const ALL: [Op; 3] = [Op::SumSquaresMod, Op::Median, Op::MaxSubarray];

    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Op::SumSquaresMod => "sum_squares_mod",
            Op::Median => "median",
            Op::MaxSubarray => "max_subarray",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Op {
    type Err = TaskError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Op::ALL
            .into_iter()
            .find(|op| op.name() == s)
            .ok_or_else(|| TaskError::UnknownOp(s.to_string()))
    }
}

/// One challenge a validator sends to a miner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Validator-chosen id, echoed back.
    pub id: u64,
    /// The input numbers (never empty when generated).
    pub numbers: Vec<i64>,
    /// The operation.
    pub op: Op,
}

impl Challenge {
    /// A random challenge: 8–32 numbers in −1000..=1000 and a random operation.
    pub fn generate<R: Rng + ?Sized>(id: u64, rng: &mut R) -> Self {
        let len = rng.random_range(8..=32);
        let numbers = (0..len).map(|_| rng.random_range(-1000..=1000)).collect();
        let op = Op::ALL[rng.random_range(0..Op::ALL.len())];
        Challenge { id, numbers, op }
    }
}

/// The correct answer to a challenge (0 for an empty list).
pub fn expected(challenge: &Challenge) -> i64 {
    let xs = &challenge.numbers;
    if xs.is_empty() {
        return 0;
    }
    match challenge.op {
        Op::SumSquaresMod => xs.iter().fold(0i64, |acc, &x| {
            let sq = (x.rem_euclid(MODULUS) * x.rem_euclid(MODULUS)) % MODULUS;
            (acc + sq) % MODULUS
        }),
        Op::Median => {
            let mut sorted = xs.clone();
            sorted.sort_unstable();
            sorted[(sorted.len() - 1) / 2]
        }
        Op::MaxSubarray => {
            let mut best = i64::MIN;
            let mut run = 0i64;
            for &x in xs {
                run = x.max(run.saturating_add(x));
                best = best.max(run);
            }
            best
        }
    }
}

/// The score of an answer in `[0, 1]`: 0 when missing or later than the timeout; otherwise an accuracy
/// (1 for exact, up to [`INEXACT_CAP`] falling linearly to 0 at [`MAX_REL_ERROR`] relative error) times a
/// latency factor falling linearly from 1 to `1 − LATENCY_PENALTY` at the timeout.
pub fn score(challenge: &Challenge, answer: Option<i64>, latency_ms: u64, timeout_ms: u64) -> f64 {
    let Some(answer) = answer else { return 0.0 };
    if latency_ms > timeout_ms {
        return 0.0;
    }
    let want = expected(challenge);
    let accuracy = if answer == want {
        1.0
    } else {
        let err = (answer as f64 - want as f64).abs() / (want as f64).abs().max(1.0);
        (INEXACT_CAP * (1.0 - err / MAX_REL_ERROR)).max(0.0)
    };
    let late = if timeout_ms == 0 {
        0.0
    } else {
        latency_ms as f64 / timeout_ms as f64
    };
    (accuracy * (1.0 - LATENCY_PENALTY * late)).clamp(0.0, 1.0)
}

/// The synapse carrying a challenge to a miner and its answer back (route `/Compute`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compute {
    /// bittensor's base synapse fields.
    #[serde(flatten)]
    pub common: SynapseCommon,
    /// [`Challenge::id`].
    pub challenge_id: u64,
    /// [`Challenge::numbers`].
    pub numbers: Vec<i64>,
    /// [`Challenge::op`] by name.
    pub op: String,
    /// The miner's answer; `None` in requests.
    #[serde(default)]
    pub answer: Option<i64>,
}

impl Compute {
    /// A request for `challenge` (no answer yet).
    pub fn new(challenge: &Challenge) -> Self {
        Compute {
            common: SynapseCommon::named(Self::NAME),
            challenge_id: challenge.id,
            numbers: challenge.numbers.clone(),
            op: challenge.op.name().to_string(),
            answer: None,
        }
    }

    /// The challenge this synapse carries.
    pub fn challenge(&self) -> Result<Challenge, TaskError> {
        Ok(Challenge {
            id: self.challenge_id,
            numbers: self.numbers.clone(),
            op: self.op.parse()?,
        })
    }
}

impl Synapse for Compute {
    const NAME: &'static str = "Compute";
    const REQUIRED_HASH_FIELDS: &'static [&'static str] = &["challenge_id", "numbers", "op"];

    fn required_fields() -> Vec<(&'static str, Value)> {
        vec![
            ("challenge_id", Value::from(0)),
            ("numbers", Value::Array(Vec::new())),
            ("op", Value::String(String::new())),
        ]
    }
    fn common(&self) -> &SynapseCommon {
        &self.common
    }
    fn common_mut(&mut self) -> &mut SynapseCommon {
        &mut self.common
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::axon::synapse::sha3_hex;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn ch(op: Op, numbers: &[i64]) -> Challenge {
        Challenge {
            id: 1,
            numbers: numbers.to_vec(),
            op,
        }
    }

    #[test]
    fn expected_answers() {
        assert_eq!(expected(&ch(Op::SumSquaresMod, &[1, -2, 3])), 14);
        assert_eq!(
            expected(&ch(Op::SumSquaresMod, &[1000, 1000])),
            2_000_000 % MODULUS
        );
        assert_eq!(expected(&ch(Op::Median, &[5, 1, 3, 2])), 2);
        assert_eq!(expected(&ch(Op::Median, &[5, 1, 3])), 3);
        assert_eq!(
            expected(&ch(Op::MaxSubarray, &[-2, 1, -3, 4, -1, 2, 1, -5, 4])),
            6
        );
        assert_eq!(expected(&ch(Op::MaxSubarray, &[-3, -1, -2])), -1);
        assert_eq!(expected(&ch(Op::Median, &[])), 0);
    }

    #[test]
    fn scoring_rules() {
        let c = ch(Op::SumSquaresMod, &[10, 10]); // 200
        assert_eq!(score(&c, None, 0, 1000), 0.0);
        assert_eq!(score(&c, Some(200), 1001, 1000), 0.0);
        assert_eq!(score(&c, Some(200), 0, 1000), 1.0);
        let fast = score(&c, Some(200), 10, 1000);
        let slow = score(&c, Some(200), 900, 1000);
        assert!(fast > slow && slow > 0.8);
        let close = score(&c, Some(210), 0, 1000); // 5% off
        assert!((close - 0.6).abs() < 1e-9);
        assert_eq!(score(&c, Some(260), 0, 1000), 0.0); // 30% off
        assert!(close < fast);
    }

    #[test]
    fn generation_is_deterministic() {
        let a = Challenge::generate(7, &mut ChaCha8Rng::seed_from_u64(3));
        let b = Challenge::generate(7, &mut ChaCha8Rng::seed_from_u64(3));
        assert_eq!(a, b);
        assert!((8..=32).contains(&a.numbers.len()));
    }

    #[test]
    fn compute_round_trips_and_hashes_like_python() {
        let c = ch(Op::Median, &[3, -1, 2]);
        let s = Compute::new(&c);
        assert_eq!(s.challenge().unwrap(), c);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["name"], "Compute");
        assert_eq!(json["timeout"], 12.0);
        assert!(json["answer"].is_null());
        let back: Compute = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
        // Python: get_hash(get_hash("1") + get_hash("[3, -1, 2]") + get_hash("median")).
        let want = sha3_hex(&(sha3_hex("1") + &sha3_hex("[3, -1, 2]") + &sha3_hex("median")));
        assert_eq!(s.body_hash(), want);
        // The same value computed with Python's hashlib.
        assert_eq!(
            want,
            "0a3e2f4973be3f3bc232185a624eec26877868ed37337c6b5e48169fba63915f"
        );
        let headers = s.to_headers();
        let get = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        assert_eq!(get("bt_header_input_obj_numbers").as_deref(), Some("W10="));
        assert_eq!(
            get("bt_header_input_obj_challenge_id").as_deref(),
            Some("MA==")
        );
        assert_eq!(get("bt_header_input_obj_op").as_deref(), Some("IiI="));
        assert_eq!(get("name").as_deref(), Some("Compute"));
        assert_eq!(get("timeout").as_deref(), Some("12.0"));
    }

    #[test]
    fn unknown_op_is_an_error() {
        let mut s = Compute::new(&ch(Op::Median, &[1]));
        s.op = "nope".into();
        assert_eq!(s.challenge(), Err(TaskError::UnknownOp("nope".into())));
    }
}
