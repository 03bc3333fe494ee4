#!/usr/bin/env python3
"""Conformance of a taonet chain with the bittensor 11.x Python SDK (no pytest).

bittensor 11 is a different SDK from 10.x: a Rust core (`bittensor_core`) decodes the metadata and
builds extrinsics, its own asyncio transport speaks JSON-RPC, reads go through namespaces
(`sub.balances.get`, `sub.subnets.metagraph`) and writes through intents (`sub.execute(Transfer(...))`).
This runs those calls against a live taonet node and a taonet-written wallet, and prints one line per
check, `PASS name` or `FAIL name: reason`, then `N passed, M failed`. Exits non-zero when any required
check fails.

Checks listed in PENDING need something the chain does not serve yet: when one of them fails it is
reported as `PENDING name: reason` and does not count as a failure; when it passes it counts as passed
(and should then be removed from PENDING).

    python bt11_conformance.py --endpoint ws://127.0.0.1:9944 --wallet-path RUN_DIR/wallets \
        [--wallet owner] [--netuid 1] [--expect-neurons 4] [--expect-tempo 20]

bittensor 11 caches decoded metadata on disk by genesis hash and spec version; point
BITTENSOR_RUNTIME_CACHE_DIR at a fresh directory so a devnet is never decoded with stale metadata.
"""

import argparse
import os
import sys
import time

# Checks that are expected to pass once the chain serves what they need (see module docs). Empty since
# the Commitments pallet is served: `metagraph_commitments` (the default metagraph, which also reads
# `Commitments.CommitmentOf` and `Commitments.RevealedCommitments`) is required.
PENDING: set[str] = set()

# The longest any single check may take.
CHECK_TIMEOUT_S = 90

# //Alice, funded with 1,000,000 TAO at genesis on every taonet chain.
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


from conformance import Runner, ensure, read_json  # noqa: E402 - next to this script


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="ws://127.0.0.1:PORT")
    parser.add_argument("--wallet-path", required=True, help="RUN_DIR/wallets written by taonet")
    parser.add_argument("--wallet", default="owner", help="wallet name (default: owner)")
    parser.add_argument("--hotkey", default="default", help="hotkey name (default: default)")
    parser.add_argument("--netuid", type=int, default=1, help="a subnet of the network (default 1)")
    parser.add_argument("--expect-neurons", type=int, help="how many neurons the subnet has")
    parser.add_argument("--expect-tempo", type=int, help="the subnet's tempo")
    args = parser.parse_args()

    import bittensor as bt
    from bittensor.keyfiles import Keypair

    version = getattr(bt, "__version__", "?")
    ensure(str(version).startswith("11."), f"bittensor {version} is not 11.x")

    r = Runner(PENDING, CHECK_TIMEOUT_S)
    s = r.state
    netuid = args.netuid

    def wallet_loads():
        # bittensor 11's own Wallet (no bittensor-wallet package) reads the files taonet writes.
        wallet_dir = os.path.join(args.wallet_path, args.wallet)
        w = bt.Wallet(name=args.wallet, hotkey=args.hotkey, path=args.wallet_path)
        cold = w.coldkey  # unencrypted: no password prompt
        hot = w.hotkey
        cold_pub = read_json(os.path.join(wallet_dir, "coldkeypub.txt"))["ss58Address"]
        hot_pub = read_json(os.path.join(wallet_dir, "hotkeys", f"{args.hotkey}pub.txt"))["ss58Address"]
        ensure(w.coldkeypub.ss58_address == cold.ss58_address == cold_pub, "coldkey and coldkeypub disagree")
        ensure(hot.ss58_address == hot_pub, "hotkey and its pub file disagree")
        message = b"taonet"
        for label, key in (("coldkey", cold), ("hotkey", hot)):
            ensure(key.verify(message, key.sign(message)), f"the {label} does not sign")
        s["wallet"] = w

    def connect():
        # Blocking mode: the instance runs the async client on a private loop thread.
        sub = bt.Subtensor(args.endpoint)
        sub.connect()
        s["sub"] = sub
        spec = sub.spec_version
        ensure(isinstance(spec, int) and spec > 0, f"spec_version {spec!r}")

    def current_block():
        first = s["sub"].block
        ensure(isinstance(first, int) and first > 0, f"block {first!r}")
        # The chain produces blocks (100 ms block time): the head moves.
        deadline = time.monotonic() + 10
        while s["sub"].block <= first:
            ensure(time.monotonic() < deadline, f"the head stayed at {first}")
            time.sleep(0.2)

    def balance():
        alice = s["sub"].balances.get(ALICE)
        ensure(alice.rao >= bt.tao(1_000_000).rao, f"Alice has {alice}, expected at least 1,000,000 TAO")
        own = s["sub"].balances.get(s["wallet"].coldkeypub.ss58_address)
        ensure(own.rao > bt.tao(2).rao, f"the wallet has {own}")

    def transfer():
        sub = s["sub"]
        w = s["wallet"]
        sender = w.coldkeypub.ss58_address
        dest = Keypair.create_from_uri(f"//taonet-bt11-conformance//{time.time_ns()}").ss58_address
        amount = bt.tao(1)
        before_sender = sub.balances.get(sender)
        before_dest = sub.balances.get(dest)
        ensure(before_dest.rao == 0, f"the new account already has {before_dest}")
        resp = sub.execute(bt.Transfer(dest_ss58=dest, amount_tao=amount), w)
        ensure(resp.success, f"transfer failed: {resp.message} {resp.error!r}")
        ensure(resp.block_hash, "no block hash in the result")
        got = sub.balances.get(dest)
        ensure(got.rao == amount.rao, f"the destination has {got}, expected {amount}")
        after_sender = sub.balances.get(sender)
        spent = before_sender.rao - after_sender.rao
        # The sender pays the amount plus a fee (which must be small but is not zero-checked).
        ensure(spent >= amount.rao, f"the sender spent {spent} rao, less than the {amount.rao} sent")
        ensure(spent < amount.rao + bt.tao(1).rao, f"the sender spent {spent} rao for a {amount} transfer")

    def metagraph():
        mg = s["sub"].subnets.metagraph(netuid, commitments=False)
        ensure(mg is not None, f"subnet {netuid} has no metagraph")
        ensure(mg.netuid == netuid, f"netuid {mg.netuid}")
        n = len(mg.neurons)
        ensure(n > 0, "an empty metagraph")
        ensure(mg.num_uids == n, f"num_uids {mg.num_uids} but {n} neurons")
        if args.expect_neurons is not None:
            ensure(n == args.expect_neurons, f"{n} neurons, expected {args.expect_neurons}")
        if args.expect_tempo is not None:
            ensure(mg.tempo == args.expect_tempo, f"tempo {mg.tempo}, expected {args.expect_tempo}")
        uids = [neuron.uid for neuron in mg.neurons]
        ensure(uids == list(range(n)), f"uids {uids}")
        hotkeys = [neuron.hotkey for neuron in mg.neurons]
        ensure(s["wallet"].hotkey.ss58_address in hotkeys, "the wallet's hotkey is not in the metagraph")
        ensure(mg.owner_coldkey == s["wallet"].coldkeypub.ss58_address, f"owner coldkey {mg.owner_coldkey}")
        ensure(s["sub"].subnets.metagraph(999, commitments=False) is None, "subnet 999 has a metagraph")

    def metagraph_commitments():
        # The default form: the metagraph plus every neuron's on-chain commitment (none yet) ...
        mg = s["sub"].subnets.metagraph(netuid)
        ensure(mg is not None, f"subnet {netuid} has no metagraph")
        ensure(len(mg.neurons) > 0, "an empty metagraph")
        ensure(all(neuron.commitment is None for neuron in mg.neurons), "a neuron has a commitment")
        # ... then the wallet's hotkey commits a Raw field (Commitments.set_commitment, hotkey-signed)
        # and the metagraph shows it on that neuron, and on no other.
        data = f"bt11-{time.time_ns() % 10**9}"
        call = bt.calls.Commitments.set_commitment(netuid, {"fields": [{f"Raw{len(data)}": data.encode()}]})
        resp = s["sub"].submit_call(call, s["wallet"], signer="hotkey")
        ensure(resp.success, f"set_commitment failed: {resp.message} {resp.error!r}")
        mg = s["sub"].subnets.metagraph(netuid)
        hotkey = s["wallet"].hotkey.ss58_address
        committed = {neuron.hotkey: neuron.commitment for neuron in mg.neurons if neuron.commitment}
        ensure(list(committed) == [hotkey], f"commitments on {list(committed)}")
        c = committed[hotkey]
        ensure(c.data == data and not c.encrypted and c.deposit.rao == 0, f"commitment {c!r}")

    loaded = r.check("wallet_loads", wallet_loads)
    connected = r.check("connect", connect)
    chain_checks = [
        ("current_block", current_block),
        ("balance", balance),
        ("transfer", transfer),
        ("metagraph", metagraph),
        ("metagraph_commitments", metagraph_commitments),
    ]
    needs_wallet = {"balance", "transfer", "metagraph", "metagraph_commitments"}
    for name, fn in chain_checks:
        if not connected:
            r.skip_dependent(name, "connect")
        elif name in needs_wallet and not loaded:
            r.skip_dependent(name, "wallet_loads")
        else:
            r.check(name, fn)

    if r.pending:
        print(f"pending: {r.pending} (expected to pass once the chain serves what they need)", flush=True)
    print(f"{r.passed} passed, {r.failed} failed", flush=True)
    if "sub" in s:
        try:
            s["sub"].close()
        except Exception:  # noqa: BLE001 - teardown is best effort
            pass
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
