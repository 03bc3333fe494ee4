//! Golden tests of the epoch against subtensor's own test suite (`pallets/subtensor/src/tests/epoch.rs`
//! at commit 14bc6f9, spec 425).
//!
//! Each test replays one of subtensor's scenarios through [`run_epoch`]: the same stakes, registration
//! blocks, weight rows (as `set_weights` stores them, max-upscaled and with zero entries kept), the same
//! block at each epoch and the bonds and permits of the previous epoch fed back, and asserts the numbers
//! subtensor's test asserts, with subtensor's tolerance where it uses one. The expected values are copied
//! from those assertions, never produced by this crate.

use super::*;

/// Alpha emitted per epoch in every subtensor epoch test.
const E: u64 = 1_000_000_000;

/// One subnet evolving over blocks as subtensor's test mock drives it: `SubtensorModule::epoch` called
/// by hand, `LastMechansimStepBlock` never written (so the bonds mask uses `current_block − tempo`).
struct Replay {
    input: EpochInput,
    tempo: u64,
}

impl Replay {
    /// `stakes.len()` UIDs registered at `block` (`LastUpdate` = registration block, as
    /// `append_neuron` does), no owner, defaults of subtensor's test mock.
    fn new(stakes: &[u64], block: u64, tempo: u64) -> Self {
        let n = stakes.len();
        let input = EpochInput {
            current_block: block,
            // ActivityCutoffFactorMilli 13 889 × tempo / 1000, at least 1.
            activity_cutoff: (13_889 * tempo / 1_000).max(1),
            kappa: DEFAULT_KAPPA,
            bonds_moving_average: DEFAULT_BONDS_MOVING_AVERAGE,
            bonds_penalty: DEFAULT_BONDS_PENALTY,
            max_allowed_validators: 64,
            yuma3: false,
            liquid_alpha: None,
            owner_uid: None,
            stake: stakes.to_vec(),
            last_update: vec![block; n],
            block_at_registration: vec![block; n],
            validator_permit: vec![false; n],
            weights: vec![Vec::new(); n],
            bonds: vec![Vec::new(); n],
            last_epoch_block: 0,
            earliest_commit_block: Vec::new(),
            emission: E,
        };
        Self { input, tempo }
    }

    /// `set_weights` from `uid` in the current block: the row stored max-upscaled, zeros kept.
    fn set_weights(&mut self, uid: usize, dests: &[u16], values: &[u16]) {
        let scaled = crate::weights::max_upscale(values);
        self.input.weights[uid] = dests.iter().copied().zip(scaled).collect();
        self.input.last_update[uid] = self.input.current_block;
    }

    fn next_block(&mut self) {
        self.input.current_block += 1;
    }

    /// Runs the epoch in the current block and stores what subtensor persists.
    fn epoch(&mut self) -> EpochOutput {
        // `LastMechansimStepBlock` = 0 ⇒ bonds to UIDs registered at or after `block − tempo` drop.
        self.input.last_epoch_block = self.input.current_block.saturating_sub(self.tempo + 1);
        let out = run_epoch(&self.input);
        self.input.bonds = out.bonds.clone();
        self.input.validator_permit = out.validator_permit.clone();
        out
    }

    /// A new hotkey takes `uid` in the current block, as subtensor's `replace_neuron`: registration and
    /// `LastUpdate` at this block, its own weights, bonds, permit and stake gone, weights pointing at it
    /// set to 0 (the entries stay).
    fn reregister(&mut self, uid: usize) {
        let block = self.input.current_block;
        self.input.block_at_registration[uid] = block;
        self.input.last_update[uid] = block;
        self.input.weights[uid].clear();
        self.input.bonds[uid].clear();
        self.input.validator_permit[uid] = false;
        self.input.stake[uid] = 0;
        for row in &mut self.input.weights {
            for e in row.iter_mut().filter(|e| usize::from(e.0) == uid) {
                e.1 = 0;
            }
        }
    }

    /// Stored bond of validator `i` to UID `j` (0 when absent), as subtensor's `get_bonds`.
    fn bond(&self, i: usize, j: u16) -> u16 {
        self.input.bonds[i]
            .iter()
            .find(|e| e.0 == j)
            .map_or(0, |e| e.1)
    }
}

/// subtensor `test_bonds`: original Yuma, 4 validators (stake 1..4) weighting 4 servers 1:2:3:4, then
/// validators switching to self-weights one by one; the stored (column-max-upscaled) bonds after each
/// epoch.
#[test]
fn subtensor_test_bonds() {
    let mut r = Replay::new(&[1, 2, 3, 4, 0, 0, 0, 0], 1, 1);
    r.input.max_allowed_validators = 8;
    r.epoch(); // permits
    r.next_block();
    let servers: Vec<u16> = (4..8).collect();
    let values = [u16::MAX / 4, u16::MAX / 2, (u16::MAX / 4) * 3, u16::MAX];
    for uid in 0..4 {
        r.set_weights(uid, &servers, &values);
    }
    r.epoch();
    let col = |r: &Replay, j: u16| (0..4).map(|i| r.bond(i, j)).collect::<Vec<_>>();
    assert_eq!(col(&r, 4), vec![16_383, 32_767, 49_151, 65_535]);

    // Self-weight on validator 0, then 1, then 2 (masked: they stop bonding).
    let mut expected = vec![
        vec![14_582, 32_767, 49_151, 65_535],
        vec![12_603, 28_321, 49_151, 65_535],
    ]
    .into_iter();
    for uid in 0..2u16 {
        r.set_weights(uid.into(), &[uid], &[u16::MAX]);
        r.next_block();
        r.epoch();
        assert_eq!(col(&r, 4), expected.next().unwrap_or_default());
    }
    r.set_weights(2, &[2], &[u16::MAX]);
    r.next_block();
    r.epoch();
    assert_eq!(col(&r, 7), vec![12_602, 28_320, 49_150, 65_535]);

    // Validator 2 weights only server 7; then three more epochs with unchanged weights.
    r.set_weights(2, &[7], &[u16::MAX]);
    for expected in [
        [10_951, 24_609, 49_150, 65_535],
        [9_559, 21_482, 49_150, 65_535],
        [8_376, 18_824, 49_150, 65_535],
    ] {
        r.next_block();
        r.epoch();
        assert_eq!(col(&r, 7), expected.to_vec());
    }
}

/// subtensor `test_active_stake`: original Yuma, 2 validators and 2 servers with stake 1 each; a
/// validator whose weights fall outside the activity cutoff stops earning bond increments.
#[test]
fn subtensor_test_active_stake() {
    let mut r = Replay::new(&[1, 1, 1, 1], 0, 1);
    r.input.max_allowed_validators = 4;
    r.epoch(); // permits
    r.next_block();
    let half = [u16::MAX / 2; 2];
    for uid in 0..2 {
        r.set_weights(uid, &[2, 3], &half);
    }
    let out = r.epoch();
    assert_eq!(&out.dividends[..2], &[32_767, 32_767]);
    assert_eq!(out.emission, vec![250_000_000; 4]);
    for i in 0..2 {
        assert_eq!((r.bond(i, 2), r.bond(i, 3)), (65_535, 65_535));
    }

    // Block 5002: only validator 0 refreshes its weights; validator 1 is inactive.
    r.input.current_block = 5_002;
    r.set_weights(0, &[2, 3], &half);
    let out = r.epoch();
    assert_eq!(out.dividends[0], 36_044);
    assert_eq!(out.emission[0], 274_999_999);
    assert_eq!(out.dividends[1], 29_490);
    assert_eq!(out.emission[1], 224_999_999);
    assert_eq!((r.bond(0, 2), r.bond(0, 3)), (65_535, 65_535));
    assert_eq!((r.bond(1, 2), r.bond(1, 3)), (53_619, 53_619));

    // Validator 1 refreshes too (block 5002), epoch at 5003.
    r.set_weights(1, &[2, 3], &half);
    r.next_block();
    let out = r.epoch();
    assert_eq!(out.dividends[0], 35_716);
    assert_eq!(out.emission[0], 272_501_132);
    assert_eq!(out.dividends[1], 29_818);
    assert_eq!(out.emission[1], 227_498_866);
    assert_eq!((r.bond(0, 2), r.bond(0, 3)), (65_535, 65_535));
    assert_eq!((r.bond(1, 2), r.bond(1, 3)), (54_712, 54_712));
}

/// subtensor `setup_yuma_3_scenario`: tempo 1, UIDs registered at block 1, Yuma3 with liquid alpha
/// (`set_alpha_values_32(0.1, 0.3)` stores (6553, 19660)), κ = 32767, bonds penalty 0, bonds moving
/// average 975 000, 3 validator permits; the first epoch (block 2) hands out the permits.
fn yuma3_scenario(stakes: &[u64]) -> Replay {
    let mut r = Replay::new(stakes, 1, 1);
    r.input.yuma3 = true;
    r.input.kappa = u16::MAX / 2;
    r.input.bonds_penalty = 0;
    r.input.bonds_moving_average = 975_000;
    r.input.max_allowed_validators = 3;
    r.input.liquid_alpha = Some(LiquidAlpha {
        alpha_low: 6_553,
        alpha_high: 19_660,
        steepness: 1_000,
    });
    r.next_block();
    r.epoch();
    r
}

/// One epoch of a subtensor Yuma3 scenario: each validator `i` sets `rows[i]` on `servers` (when
/// `rows` is given), the next block runs the epoch; dividends (and the stored bond proportions to the
/// servers) must be within 1e-3 of subtensor's targets, as its test requires.
fn yuma3_step(
    r: &mut Replay,
    servers: &[u16],
    rows: Option<Vec<Vec<u16>>>,
    bonds: &[&[f64]],
    dividends: &[f64],
    epoch: usize,
) {
    if let Some(rows) = rows {
        for (uid, row) in rows.iter().enumerate() {
            r.set_weights(uid, servers, row);
        }
    }
    r.next_block();
    let out = r.epoch();
    for (uid, target) in dividends.iter().enumerate() {
        let got = f64::from(out.dividends[uid]) / 65_535.0;
        assert!(
            (got - target).abs() <= 1e-3,
            "epoch {epoch}: dividend of uid {uid} is {got}, subtensor expects {target}"
        );
    }
    for (i, row) in bonds.iter().enumerate() {
        for (k, target) in row.iter().enumerate() {
            let got = f64::from(r.bond(i, servers[k])) / 65_535.0;
            assert!(
                (got - target).abs() <= 1e-3,
                "epoch {epoch}: bond {i}→{} is {got}, subtensor lists {target}",
                servers[k]
            );
        }
    }
}

const MAX: u16 = u16::MAX;

/// The weight rows of a scenario epoch: validator `i` puts everything on server `to[i]` (0 or 1 of
/// two servers).
fn all_on(to: [usize; 3]) -> Option<Vec<Vec<u16>>> {
    Some(
        to.iter()
            .map(|&s| if s == 0 { vec![MAX, 0] } else { vec![0, MAX] })
            .collect(),
    )
}

/// Runs a two-server Yuma3 scenario: `moves[e]` is the weight schedule of epoch `e` (`None` keeps the
/// previous weights).
fn two_server_scenario(
    stakes: &[u64],
    moves: &[Option<[usize; 3]>],
    bonds: &[[[f64; 2]; 3]],
    dividends: &[[f64; 5]],
) {
    let mut r = yuma3_scenario(stakes);
    for (e, ((mv, b), d)) in moves.iter().zip(bonds).zip(dividends).enumerate() {
        let b: Vec<&[f64]> = b.iter().map(|row| &row[..]).collect();
        yuma3_step(&mut r, &[3, 4], mv.and_then(all_on), &b, d, e);
    }
}

/// subtensor `test_yuma_3_kappa_moves_first`: the big validator (0.8) moves to server 2 first.
#[test]
fn subtensor_test_yuma_3_kappa_moves_first() {
    two_server_scenario(
        &[8, 1, 1, 0, 0],
        &[
            Some([0, 0, 0]),
            Some([1, 0, 0]),
            Some([1, 1, 0]),
            Some([1, 1, 1]),
            None,
            None,
        ],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.0908, 0.1013], [0.3697, 0.0], [0.3697, 0.0]],
            [[0.0815, 0.1924], [0.3170, 0.1013], [0.5580, 0.0]],
            [[0.0731, 0.2742], [0.2765, 0.1924], [0.4306, 0.1013]],
            [[0.0656, 0.3478], [0.2435, 0.2742], [0.3589, 0.1924]],
            [[0.0588, 0.4139], [0.2157, 0.3478], [0.3089, 0.2742]],
        ],
        &[
            [0.8000, 0.1000, 0.1000, 0.0, 0.0],
            [1.0000, 0.0000, 0.0000, 0.0, 0.0],
            [0.9382, 0.0618, 0.0000, 0.0, 0.0],
            [0.8819, 0.0773, 0.0407, 0.0, 0.0],
            [0.8564, 0.0844, 0.0592, 0.0, 0.0],
            [0.8418, 0.0884, 0.0697, 0.0, 0.0],
        ],
    );
}

/// subtensor `test_yuma_3_kappa_moves_second`: a small validator moves first, the big one second.
#[test]
fn subtensor_test_yuma_3_kappa_moves_second() {
    two_server_scenario(
        &[8, 1, 1, 0, 0],
        &[
            Some([0, 0, 0]),
            Some([0, 1, 0]),
            Some([1, 1, 0]),
            Some([1, 1, 1]),
            None,
            None,
        ],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.1924, 0.0], [0.0908, 0.2987], [0.1924, 0.0]],
            [[0.1715, 0.1013], [0.0815, 0.3697], [0.4336, 0.0]],
            [[0.1531, 0.1924], [0.0731, 0.4336], [0.3608, 0.1013]],
            [[0.1369, 0.2742], [0.0656, 0.4910], [0.3103, 0.1924]],
            [[0.1225, 0.3478], [0.0588, 0.5426], [0.2712, 0.2742]],
        ],
        &[
            [0.8000, 0.1000, 0.1000, 0.0, 0.0],
            [0.8446, 0.0498, 0.1056, 0.0, 0.0],
            [0.6868, 0.3132, 0.0000, 0.0, 0.0],
            [0.7421, 0.2090, 0.0489, 0.0, 0.0],
            [0.7625, 0.1706, 0.0669, 0.0, 0.0],
            [0.7730, 0.1508, 0.0762, 0.0, 0.0],
        ],
    );
}

/// subtensor `test_yuma_3_kappa_moves_last`: the big validator moves last.
#[test]
fn subtensor_test_yuma_3_kappa_moves_last() {
    two_server_scenario(
        &[8, 1, 1, 0, 0],
        &[
            Some([0, 0, 0]),
            Some([0, 1, 0]),
            Some([0, 1, 1]),
            Some([1, 1, 1]),
            None,
            None,
        ],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.1924, 0.0], [0.0908, 0.2987], [0.1924, 0.0]],
            [[0.2742, 0.0], [0.0815, 0.5081], [0.1715, 0.2987]],
            [[0.2416, 0.1013], [0.0731, 0.5580], [0.1531, 0.3697]],
            [[0.2141, 0.1924], [0.0656, 0.6028], [0.1369, 0.4336]],
            [[0.1903, 0.2742], [0.0588, 0.6430], [0.1225, 0.4910]],
        ],
        &[
            [0.8000, 0.1000, 0.1000, 0.0, 0.0],
            [0.8446, 0.0498, 0.1056, 0.0, 0.0],
            [0.8966, 0.0333, 0.0701, 0.0, 0.0],
            [0.4663, 0.3210, 0.2127, 0.0, 0.0],
            [0.5976, 0.2340, 0.1683, 0.0, 0.0],
            [0.6592, 0.1932, 0.1475, 0.0, 0.0],
        ],
    );
}

/// subtensor `test_yuma_3_one_epoch_switch`: equal-stake validators, one switches for one epoch.
#[test]
fn subtensor_test_yuma_3_one_epoch_switch() {
    let stay = Some([0, 0, 0]);
    two_server_scenario(
        &[33, 33, 34, 0, 0],
        &[stay, stay, Some([0, 0, 1]), stay, stay, stay],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.1924, 0.0], [0.1924, 0.0], [0.1924, 0.0]],
            [[0.2742, 0.0], [0.2742, 0.0], [0.1715, 0.2987]],
            [[0.3478, 0.0], [0.3478, 0.0], [0.2554, 0.2618]],
            [[0.4139, 0.0], [0.4139, 0.0], [0.3309, 0.2312]],
            [[0.4733, 0.0], [0.4733, 0.0], [0.3987, 0.2051]],
        ],
        &[
            [0.3300, 0.3300, 0.3400, 0.0, 0.0],
            [0.3300, 0.3300, 0.3400, 0.0, 0.0],
            [0.3782, 0.3782, 0.2436, 0.0, 0.0],
            [0.3628, 0.3628, 0.2745, 0.0, 0.0],
            [0.3541, 0.3541, 0.2917, 0.0, 0.0],
            [0.3487, 0.3487, 0.3026, 0.0, 0.0],
        ],
    );
}

/// subtensor `test_yuma_3_liquid_alpha_disabled`: the same switch with a fixed EMA rate 1 − 0.975.
#[test]
fn subtensor_test_yuma_3_liquid_alpha_disabled() {
    let mut r = yuma3_scenario(&[33, 33, 34, 0, 0]);
    r.input.liquid_alpha = None;
    let stay = [0, 0, 0];
    let moves = [stay, stay, [0, 0, 1], stay, stay, stay];
    let bonds: [[[f64; 2]; 3]; 6] = [
        [[0.0250, 0.0], [0.0250, 0.0], [0.0250, 0.0]],
        [[0.0494, 0.0], [0.0494, 0.0], [0.0494, 0.0]],
        [[0.0731, 0.0], [0.0731, 0.0], [0.0481, 0.0250]],
        [[0.0963, 0.0], [0.0963, 0.0], [0.0719, 0.0244]],
        [[0.1189, 0.0], [0.1189, 0.0], [0.0951, 0.0238]],
        [[0.1409, 0.0], [0.1409, 0.0], [0.1178, 0.0232]],
    ];
    let dividends = [
        [0.3300, 0.3300, 0.3400, 0.0, 0.0],
        [0.3300, 0.3300, 0.3400, 0.0, 0.0],
        [0.3734, 0.3734, 0.2532, 0.0, 0.0],
        [0.3611, 0.3611, 0.2779, 0.0, 0.0],
        [0.3541, 0.3541, 0.2919, 0.0, 0.0],
        [0.3495, 0.3495, 0.3009, 0.0, 0.0],
    ];
    for (e, ((mv, b), d)) in moves.iter().zip(&bonds).zip(&dividends).enumerate() {
        let b: Vec<&[f64]> = b.iter().map(|row| &row[..]).collect();
        yuma3_step(&mut r, &[3, 4], all_on(*mv), &b, d, e);
    }
}

/// subtensor `test_yuma_3_stable_miner`: three servers, a shared stable miner.
#[test]
fn subtensor_test_yuma_3_stable_miner() {
    let mut r = yuma3_scenario(&[8, 1, 1, 0, 0, 0]);
    let h = MAX / 2;
    let a = vec![h, 0, h];
    let b = vec![0, h, h];
    let schedule = [
        Some(vec![a.clone(), a.clone(), a.clone()]),
        Some(vec![a.clone(), b.clone(), a.clone()]),
        Some(vec![b.clone(), b.clone(), a.clone()]),
        Some(vec![b.clone(), b.clone(), b.clone()]),
        None,
        None,
    ];
    let bonds: [[[f64; 3]; 3]; 6] = [
        [
            [0.0507, 0.0, 0.0507],
            [0.0507, 0.0, 0.0507],
            [0.0507, 0.0, 0.0507],
        ],
        [
            [0.0962, 0.0, 0.0962],
            [0.0455, 0.1000, 0.0962],
            [0.0962, 0.0, 0.0962],
        ],
        [
            [0.0863, 0.0507, 0.1371],
            [0.0408, 0.1405, 0.1371],
            [0.1770, 0.0, 0.1371],
        ],
        [
            [0.0774, 0.0962, 0.1739],
            [0.0367, 0.1770, 0.1739],
            [0.1579, 0.0507, 0.1739],
        ],
        [
            [0.0694, 0.1371, 0.2069],
            [0.0329, 0.2097, 0.2069],
            [0.1411, 0.0962, 0.2069],
        ],
        [
            [0.0623, 0.1739, 0.2366],
            [0.0296, 0.2391, 0.2366],
            [0.1263, 0.1371, 0.2366],
        ],
    ];
    let dividends = [
        [0.8000, 0.1000, 0.1000, 0.0, 0.0, 0.0],
        [0.8226, 0.0745, 0.1028, 0.0, 0.0, 0.0],
        [0.7750, 0.1685, 0.0565, 0.0, 0.0, 0.0],
        [0.7864, 0.1372, 0.0764, 0.0, 0.0, 0.0],
        [0.7912, 0.1241, 0.0847, 0.0, 0.0, 0.0],
        [0.7937, 0.1173, 0.0890, 0.0, 0.0, 0.0],
    ];
    for (e, ((rows, b), d)) in schedule.into_iter().zip(&bonds).zip(&dividends).enumerate() {
        let b: Vec<&[f64]> = b.iter().map(|row| &row[..]).collect();
        yuma3_step(&mut r, &[3, 4, 5], rows, &b, d, e);
    }
}

/// subtensor `test_zero_weights`: one validator (stake 1) and one server. With no weights, only a
/// self-weight, or weights older than the server's registration, everything goes to the validator by
/// stake; fresh weights split the emission evenly between incentive and dividends.
#[test]
fn subtensor_test_zero_weights() {
    let mut r = Replay::new(&[1, 0], 1, u64::from(u16::MAX - 1));
    assert_eq!(r.epoch().emission, vec![E, 0]);
    r.set_weights(1, &[1], &[u16::MAX]);
    assert_eq!(r.epoch().emission, vec![E, 0]);
    r.next_block();
    r.set_weights(0, &[1], &[u16::MAX]);
    r.reregister(1);
    assert_eq!(r.input.weights[0], vec![(1, 0)]);
    assert_eq!(r.epoch().emission, vec![E, 0]);
    r.next_block();
    r.set_weights(0, &[1], &[u16::MAX]);
    assert_eq!(r.epoch().emission, vec![E / 2, E / 2]);
}
