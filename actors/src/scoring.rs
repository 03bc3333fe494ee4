//! Validator scoring: an exponential moving average of each miner's per-query scores, turned into the
//! `(uids, weights)` a validator submits with `set_weights`, exactly as bittensor's
//! `weight_utils.convert_weights_and_uids_for_emit` does (max-upscaled to `u16::MAX`, Python's
//! round-half-to-even, zero weights dropped).
//!
//! How scores become weights is the validator's [`Scoring`]: an honest validator weights miners by
//! their scores; a contrarian one weights only the miners it scores worst, so it disagrees with every
//! honest validator's consensus.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Errors of scoring parsing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScoringError {
    /// Not one of `honest, contrarian`.
    #[error("unknown validator scoring {0:?} (expected honest or contrarian)")]
    Unknown(String),
}

/// How a validator turns its moving scores into weights.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scoring {
    /// Weights proportional to the scores ([`Scoreboard::weights`]).
    #[default]
    Honest,
    /// Equal weights on the uids with the lowest score, nothing on the rest
    /// ([`Scoreboard::contrarian_weights`]).
    Contrarian,
}

impl Scoring {
    /// The lowercase name used in topologies.
    pub fn name(self) -> &'static str {
        match self {
            Scoring::Honest => "honest",
            Scoring::Contrarian => "contrarian",
        }
    }
}

impl fmt::Display for Scoring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scoring {
    type Err = ScoringError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "honest" => Ok(Scoring::Honest),
            "contrarian" => Ok(Scoring::Contrarian),
            other => Err(ScoringError::Unknown(other.to_string())),
        }
    }
}

/// The default EMA factor (weight of the newest score).
pub const DEFAULT_ALPHA: f64 = 0.1;

/// Moving scores per uid.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoreboard {
    alpha: f64,
    scores: BTreeMap<u16, f64>,
}

impl Default for Scoreboard {
    fn default() -> Self {
        Scoreboard::new(DEFAULT_ALPHA)
    }
}

impl Scoreboard {
    /// An empty scoreboard; `alpha` is clamped to `[0, 1]` (NaN counts as the default).
    pub fn new(alpha: f64) -> Self {
        let alpha = if alpha.is_nan() {
            DEFAULT_ALPHA
        } else {
            alpha.clamp(0.0, 1.0)
        };
        Scoreboard {
            alpha,
            scores: BTreeMap::new(),
        }
    }

    /// The EMA factor.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Folds one observation into `uid`'s moving score: `s ← α·score + (1 − α)·s`, starting from 0.
    /// `score` is clamped to `[0, 1]` (NaN counts as 0).
    pub fn update(&mut self, uid: u16, score: f64) {
        let score = if score.is_nan() {
            0.0
        } else {
            score.clamp(0.0, 1.0)
        };
        let s = self.scores.entry(uid).or_insert(0.0);
        *s = self.alpha * score + (1.0 - self.alpha) * *s;
    }

    /// The moving score of `uid` (0 if never scored).
    pub fn score(&self, uid: u16) -> f64 {
        self.scores.get(&uid).copied().unwrap_or(0.0)
    }

    /// Forgets `uid` (its slot was taken by a new registration).
    pub fn reset(&mut self, uid: u16) {
        self.scores.remove(&uid);
    }

    /// Every scored uid with its moving score, ascending by uid.
    pub fn scores(&self) -> impl Iterator<Item = (u16, f64)> + '_ {
        self.scores.iter().map(|(&u, &s)| (u, s))
    }

    /// The weights to submit for a subnet of `n_uids` neurons: uids below `n_uids` with a positive score,
    /// scores divided by the largest and scaled to 65535 with round-half-to-even, zeros dropped. Both
    /// vectors are empty when no uid has a positive score.
    pub fn weights(&self, n_uids: u16) -> (Vec<u16>, Vec<u16>) {
        let (uids, values): (Vec<u16>, Vec<f64>) = self
            .scores
            .range(..n_uids)
            .filter(|(_, &s)| s > 0.0)
            .map(|(&u, &s)| (u, s))
            .unzip();
        convert_weights_and_uids_for_emit(&uids, &values)
    }

    /// The weights a contrarian submits for a subnet of `n_uids` neurons: every scored uid below `n_uids`
    /// whose moving score equals the lowest of them gets `u16::MAX`, the others nothing. Deterministic
    /// (exact ties only); both vectors are empty when no uid below `n_uids` was scored.
    pub fn contrarian_weights(&self, n_uids: u16) -> (Vec<u16>, Vec<u16>) {
        let scored = self.scores.range(..n_uids);
        let Some(lowest) = scored.clone().map(|(_, &s)| s).reduce(f64::min) else {
            return (Vec::new(), Vec::new());
        };
        scored
            .filter(|(_, &s)| s == lowest)
            .map(|(&u, _)| (u, u16::MAX))
            .unzip()
    }

    /// The weights `scoring` submits for a subnet of `n_uids` neurons.
    pub fn weights_for(&self, scoring: Scoring, n_uids: u16) -> (Vec<u16>, Vec<u16>) {
        match scoring {
            Scoring::Honest => self.weights(n_uids),
            Scoring::Contrarian => self.contrarian_weights(n_uids),
        }
    }
}

/// bittensor's `convert_weights_and_uids_for_emit` for non-negative finite weights: max-upscale to
/// `u16::MAX`, round half to even, drop zeros. Negative or non-finite weights count as 0; extra entries
/// of the longer slice are ignored.
pub fn convert_weights_and_uids_for_emit(uids: &[u16], weights: &[f64]) -> (Vec<u16>, Vec<u16>) {
    let clean: Vec<f64> = weights
        .iter()
        .map(|&w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
        .collect();
    let max = clean.iter().copied().fold(0.0f64, f64::max);
    if max <= 0.0 {
        return (Vec::new(), Vec::new());
    }
    let mut out_uids = Vec::new();
    let mut out_weights = Vec::new();
    for (&uid, &w) in uids.iter().zip(&clean) {
        let v = ((w / max) * f64::from(u16::MAX)).round_ties_even();
        if v != 0.0 {
            out_uids.push(uid);
            out_weights.push(v.min(f64::from(u16::MAX)) as u16);
        }
    }
    (out_uids, out_weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ema_converges() {
        let mut b = Scoreboard::new(0.5);
        b.update(3, 1.0);
        assert_eq!(b.score(3), 0.5);
        b.update(3, 1.0);
        assert_eq!(b.score(3), 0.75);
        b.update(3, 0.0);
        assert_eq!(b.score(3), 0.375);
        b.update(4, f64::NAN);
        assert_eq!(b.score(4), 0.0);
        assert_eq!(b.score(99), 0.0);
    }

    #[test]
    fn weights_like_bittensor() {
        let mut b = Scoreboard::new(1.0);
        b.update(0, 0.5);
        b.update(1, 1.0);
        b.update(2, 0.0);
        b.update(5, 0.25);
        b.update(7, 1.0); // outside n_uids
        assert_eq!(b.weights(6), (vec![0, 1, 5], vec![32768, 65535, 16384]));
        assert_eq!(Scoreboard::default().weights(10), (vec![], vec![]));
    }

    #[test]
    fn python_rounding_and_tiny_weights() {
        // 0.5 * 65535 = 32767.5 → 32768 (even); tiny weights round to 0 and are dropped.
        let (u, w) = convert_weights_and_uids_for_emit(&[1, 2, 3], &[1.0, 0.5, 1e-9]);
        assert_eq!((u, w), (vec![1, 2], vec![65535, 32768]));
    }

    #[test]
    fn contrarian_weights_only_the_worst_scored() {
        let mut b = Scoreboard::new(1.0);
        b.update(1, 0.9);
        b.update(2, 0.0);
        b.update(3, 0.5);
        b.update(4, 0.0);
        b.update(9, 0.0); // outside n_uids
                          // The two uids at the lowest score (0) share equal weight; the honest view weights the others.
        assert_eq!(b.contrarian_weights(5), (vec![2, 4], vec![65535, 65535]));
        assert_eq!(
            b.weights_for(Scoring::Honest, 5),
            (vec![1, 3], vec![65535, 36408])
        );
        assert_eq!(
            b.weights_for(Scoring::Contrarian, 5),
            b.contrarian_weights(5)
        );
        // Without a zero score the single worst uid takes everything.
        let mut c = Scoreboard::new(1.0);
        c.update(0, 0.8);
        c.update(1, 0.3);
        assert_eq!(c.contrarian_weights(2), (vec![1], vec![65535]));
        assert_eq!(
            Scoreboard::default().contrarian_weights(4),
            (vec![], vec![])
        );
    }

    #[test]
    fn scoring_names_parse() {
        for n in ["honest", "contrarian"] {
            assert_eq!(n.parse::<Scoring>().unwrap().to_string(), n);
        }
        assert_eq!(
            "sneaky".parse::<Scoring>(),
            Err(ScoringError::Unknown("sneaky".to_string()))
        );
        assert_eq!(Scoring::default(), Scoring::Honest);
    }

    #[test]
    fn reset_forgets() {
        let mut b = Scoreboard::default();
        b.update(1, 1.0);
        b.reset(1);
        assert_eq!(b.scores().count(), 0);
    }
}
