//! Whole-network speed: blocks per second of the quickstart in simulated mode (actors included), and the
//! time from `taonet up` (parse, genesis, actors, bootstrap) to the first block after bootstrap.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::{Duration, Instant};
use taonet::topology::{self, Clock};
use taonet::{Devnet, NetworkOptions};

fn simulated() -> NetworkOptions {
    NetworkOptions {
        seed: None,
        clock: Some(Clock::Simulated),
        ..NetworkOptions::default()
    }
}

fn quickstart_blocks(c: &mut Criterion) {
    let yaml = topology::QUICKSTART;
    let topo = topology::parse(yaml).expect("quickstart parses");
    let system = actix::System::new();
    let mut net = system
        .block_on(Devnet::spawn(yaml, &topo, &simulated(), |_| {}))
        .expect("quickstart starts");
    c.bench_function("quickstart_simulated_block", |b| {
        b.iter_custom(|iters| {
            system.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    net.advance().await.expect("advances");
                }
                start.elapsed()
            })
        })
    });
}

fn up_to_first_block(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("quickstart_up_to_first_block", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let system = actix::System::new();
                let start = Instant::now();
                system.block_on(async {
                    let topo = topology::parse(topology::QUICKSTART).expect("parses");
                    let mut net = Devnet::spawn(topology::QUICKSTART, &topo, &simulated(), |_| {})
                        .await
                        .expect("starts");
                    net.advance().await.expect("first block");
                });
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, quickstart_blocks, up_to_first_block);
criterion_main!(benches);
