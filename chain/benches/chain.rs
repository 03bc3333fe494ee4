//! Blocks per second of the chain alone, between epochs, on a quickstart-sized subnet.

use criterion::{criterion_group, criterion_main, Criterion};
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{Chain, Extrinsic, Genesis, RAO_PER_TAO};

fn submit(chain: &mut Chain, who: taonet_chain::AccountId, call: Call) {
    let nonce = chain.account_nonce(&who);
    chain.build_block(vec![Extrinsic {
        signer: who,
        nonce,
        call,
    }]);
}

/// A chain with one started subnet of 11 neurons and a long tempo, so measured blocks are between epochs.
fn quickstart_chain() -> Chain {
    let mut chain = Chain::new(Genesis::devnet().expect("dev accounts"));
    let alice = dev_account("Alice").expect("alice");
    let owner = Keypair::derive(1, "owner").account_id();
    submit(
        &mut chain,
        alice,
        Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(owner),
            value: (20_000 * RAO_PER_TAO).into(),
        }),
    );
    submit(
        &mut chain,
        owner,
        Call::SubtensorModule(SubtensorCall::register_network {
            hotkey: Keypair::derive(1, "owner-hot").account_id(),
        }),
    );
    submit(
        &mut chain,
        owner,
        Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
    );
    submit(
        &mut chain,
        alice,
        Call::sudo(Call::AdminUtils(AdminCall::sudo_set_tempo {
            netuid: 1,
            tempo: 50_000,
        })),
    );
    for i in 0..10 {
        let hotkey = Keypair::derive(1, &format!("n{i}")).account_id();
        submit(
            &mut chain,
            owner,
            Call::SubtensorModule(SubtensorCall::burned_register { netuid: 1, hotkey }),
        );
    }
    chain
}

fn blocks(c: &mut Criterion) {
    let mut chain = quickstart_chain();
    c.bench_function("empty_block_quickstart_subnet", |b| {
        b.iter(|| chain.build_block(Vec::new()))
    });
}

/// The Balancer pool's power alone, on the inputs of the quickstart subnet's per-block swap: TAO
/// reserve 1000.99 TAO buying with 1.25 TAO at weights one part in 10¹⁸ off ½ (the series route, at
/// 256 bits), and a limit-price ratio of two `U64F64` prices to the power `w₁` (1024 bits).
fn balancer_power(c: &mut Criterion) {
    use std::hint::black_box;
    use taonet_chain::math::pow_ratio::pow_ratio_scaled;
    const E18: u128 = 1_000_000_000_000_000_000;
    c.bench_function("balancer_power_swap", |b| {
        b.iter(|| {
            pow_ratio_scaled(
                black_box(1_000_993_739_775),
                black_box(1_002_243_443_382),
                black_box(499_999_999_999_999_999),
                black_box(500_000_000_000_000_001),
                256,
                E18,
            )
        })
    });
    c.bench_function("balancer_power_limit", |b| {
        b.iter(|| {
            pow_ratio_scaled(
                black_box(20_337_535_341_264_780_656),
                black_box(18_446_744_073_709_551_616),
                black_box(499_999_999_999_999_999),
                black_box(E18),
                1024,
                E18,
            )
        })
    });
}

criterion_group!(benches, blocks, balancer_power);
criterion_main!(benches);
