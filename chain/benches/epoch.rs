//! Benchmarks of the Yuma epoch (`taonet_chain::epoch::run_epoch`) at realistic subnet sizes: every
//! validator weights every UID and holds a bond to every UID (the worst case for the sparse paths).

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use taonet_chain::epoch::{run_epoch, EpochInput};

/// A subnet of `n` UIDs where the first `validators` UIDs hold most of the stake, have permits, and
/// weight (and hold bonds to) all `n` UIDs.
fn subnet(n: usize, validators: usize, yuma3: bool) -> EpochInput {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let full_row = |rng: &mut ChaCha8Rng| -> Vec<(u16, u16)> {
        (0..n as u16)
            .map(|j| (j, rng.random_range(1..=u16::MAX)))
            .collect()
    };
    EpochInput {
        current_block: 10_000,
        activity_cutoff: 5_000,
        kappa: 32_767,
        bonds_moving_average: 900_000,
        bonds_penalty: u16::MAX,
        max_allowed_validators: validators as u16,
        yuma3,
        liquid_alpha: None,
        owner_uid: Some(0),
        stake: (0..n)
            .map(|i| {
                if i < validators {
                    rng.random_range(1_000_000_000..100_000_000_000)
                } else {
                    rng.random_range(0..1_000_000)
                }
            })
            .collect(),
        last_update: vec![9_990; n],
        block_at_registration: vec![100; n],
        validator_permit: (0..n).map(|i| i < validators).collect(),
        weights: (0..n)
            .map(|i| {
                if i < validators {
                    full_row(&mut rng)
                } else {
                    Vec::new()
                }
            })
            .collect(),
        bonds: (0..n)
            .map(|i| {
                if i < validators {
                    full_row(&mut rng)
                } else {
                    Vec::new()
                }
            })
            .collect(),
        last_epoch_block: 9_640,
        earliest_commit_block: Vec::new(),
        emission: 360_000_000_000,
    }
}

fn bench(c: &mut Criterion) {
    let small = subnet(256, 64, true);
    c.bench_function("epoch_256_uids_64_validators", |b| {
        b.iter(|| run_epoch(black_box(&small)))
    });
    let small_original = subnet(256, 64, false);
    c.bench_function("epoch_256_uids_64_validators_original_yuma", |b| {
        b.iter(|| run_epoch(black_box(&small_original)))
    });
    let mut small_liquid = subnet(256, 64, true);
    small_liquid.liquid_alpha = Some(Default::default());
    c.bench_function("epoch_256_uids_64_validators_liquid_alpha", |b| {
        b.iter(|| run_epoch(black_box(&small_liquid)))
    });
    let large = subnet(4096, 256, true);
    c.bench_function("epoch_4096_uids_256_validators", |b| {
        b.iter(|| run_epoch(black_box(&large)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
