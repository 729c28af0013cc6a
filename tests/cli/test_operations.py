"""The operator's commands end to end on a managed Anvil chain: deploy, KYC, editions, drops and
their reveal, mints, queries, the marketplace and the compliance powers."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from bank_collectibles import LocalSigner

from .conftest import ADDRESSES, CUSTOMERS, Cli

C7, C8, C9 = CUSTOMERS


def _edition(run: Cli, name: str, supply: int = 100, *extra: str) -> int:
    return run.json("edition", "create", name, "--supply", supply, *(extra or ("--uri", f"ipfs://{name}")))["edition_id"]


def _mint(run: Cli, edition_id: int, *recipients: str) -> list[int]:
    return run.json("mint", edition_id, *recipients)["token_ids"]


def test_deploy_writes_the_default_manifest_and_a_second_deploy_sends_nothing(
    run: Cli, chain: dict[str, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    default = {"COLLECTIBLES_MANIFEST": None}  # type: ignore[dict-item]
    first = run.json("deploy", "--name", "Spring", "--symbol", "SPR", "--fee-bps", "250", env=default)
    assert first["transactions_sent"] > 0
    assert Path(first["manifest"]) == tmp_path / "deployments" / "8888.json"
    assert first["roles"]["registry"]["KYC_OFFICER_ROLE"] == [ADDRESSES[2]]
    assert first["collections"][0]["issuer"] == ADDRESSES[1]
    again = run("deploy", env=default)
    assert "already deployed: nothing was sent" in again.stdout
    assert run.json("deploy", "--name", "Spring", "--symbol", "SPR", "--fee-bps", "250", env=default)["transactions_sent"] == 0
    other = run("deploy", "--name", "Summer", env=default, code=4)  # not a second suite in the same manifest
    assert "the manifest's collection name is 'Spring' but collection.name is 'Summer'" in other.stderr
    info = run.json("info", env=default)
    assert info["contracts"] == first["contracts"] and info["marketplace"]["fee_bps"] == 250
    minters = info["roles"][f"collection:{info['collections'][0]['address']}"]["MINTER_ROLE"]
    assert minters == [ADDRESSES[1], ADDRESSES[6]]  # from the chain: the issuer's own role too


def test_kyc_import_approve_revoke_and_show(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    wallets = [LocalSigner(bytes([i]) * 32).address for i in range(101, 106)]
    newcomer = LocalSigner(bytes([106]) * 32).address
    good = tmp_path / "kyc.csv"
    good.write_text("wallet,expires_at,tier\n"
                    f"{wallets[0]},2030-01-01,2\n{wallets[1]},2030-01-01,2\n{wallets[2]},+365d\n{wallets[3].lower()},2031-06-30T00:00:00Z,3\n")
    imported = run.json("kyc", "import", good)
    assert imported["accounts"] == 4 and imported["batches"] == 3 and len(imported["transactions"]) == 3
    shown = run.json("kyc", "show", wallets[0])
    assert shown["verified"] and shown["tier"] == 2 and shown["expires_at"] == 1893456000
    grown = tmp_path / "grown.csv"  # the file again with one more wallet, as after a stop half-way
    grown.write_text(good.read_text().replace(f"{wallets[2]},+365d\n", "") + f"{newcomer},2030-01-01,2\n")
    again = run.json("kyc", "import", grown)
    assert again["approved_already"] == 3 and [t["accounts"] for t in again["transactions"]] == [1]

    bad = tmp_path / "bad.csv"
    bad.write_text(f"wallet,expires_at\n{wallets[4]},2030-01-01\n0x1234,2030-01-01\n{wallets[0]},2001-01-01\n{wallets[4]},2030-01-01\n")
    refused = run("kyc", "import", bad, code=2)
    assert "3 bad row(s), nothing was sent" in refused.stderr
    for line in ("line 3:", "line 4:", "line 5:"):
        assert line in refused.stderr
    assert not run.json("kyc", "show", wallets[4])["verified"]  # the good row was not sent either

    run("kyc", "approve", wallets[4], "--expires", "2030-01-01", "--tier", "5")
    assert run.json("kyc", "show", wallets[4])["tier"] == 5
    run("kyc", "revoke", wallets[4], wallets[3])
    assert not run.json("kyc", "show", wallets[4])["verified"]
    assert "verified            no" in run("kyc", "show", wallets[3]).stdout


def test_editions_mints_and_token_queries(run: Cli, suite: dict[str, Any]) -> None:
    jade = _edition(run, "Jade Rabbit", 8888)
    assert any(e["edition_id"] == jade and e["max_supply"] == 8888 for e in run.json("edition", "list")["editions"])
    tokens = _mint(run, jade, C7, C8)
    assert len(tokens) == 2 and tokens[1] == tokens[0] + 1

    info = run.json("token", f"{jade}:1")
    assert info["token_id"] == tokens[0] and info["serial"] == "#1/8888" and info["owner"] == C7
    assert info["edition_name"] == "Jade Rabbit" and not info["frozen"] and not info["listed"]
    human = run("token", tokens[1]).stdout
    assert "#2/8888" in human and C8 in human and "Jade Rabbit" in human
    assert tokens[0] in [t["token_id"] for t in run.json("holdings", C7)["tokens"]]
    assert [e["event"] for e in run.json("provenance", tokens[0])["entries"]] == ["Minted"]
    never = run("provenance", f"{jade}:999", code=1)  # as `token` says it
    assert f"NonexistentToken(token_id={(jade << 32) + 999})" in never.stderr
    assert run.json("edition", "show", jade)["minted"] == 2
    by_name = run.json("mint", "Jade Rabbit", C9)["token_ids"]  # an edition by its name, as campaign files name it
    assert by_name == [tokens[1] + 1] and run.json("edition", "show", " Jade Rabbit ")["minted"] == 3
    unknown = run("mint", "Jade Tiger", C9, code=2)
    assert "no edition is named 'Jade Tiger' in this collection" in unknown.stderr
    stranger = LocalSigner(bytes([77]) * 32).address  # no KYC: the library's reason, then the commands to use
    refused = run("mint", jade, stranger, code=1).stderr.strip().splitlines()
    assert refused[0].startswith("error: AccountNotVerified") and refused[1].startswith("hint: `collectibles kyc show ADDRESS`")

    moon = _edition(run, "Moon Rabbit", 88, "--hidden-uri", "ipfs://moon")
    refused = run("mint", moon, C7, code=1)
    assert "EditionNotDirectlyMintable" in refused.stderr
    run("edition", "reveal-uri", moon, "ipfs://not-moon", code=1)
    run("edition", "reveal-uri", moon, "ipfs://moon")
    assert run.json("edition", "show", moon)["uri"] == "ipfs://moon"


def test_drop_secret_is_stored_privately_then_closes_reveals_and_verifies(run: Cli, suite: dict[str, Any], workdir: Path) -> None:
    limited = _edition(run, "Spring Tiger", 1000)
    hidden = _edition(run, "Golden Tiger", 10, "--hidden-uri", "ipfs://golden")
    created = run.json("drop", "create", "Tiger box", "--edition", f"{limited}=3", "--edition", f"{hidden}=1",
                       "--closes", "+1h", "--placeholder", "ipfs://box")
    drop_id = created["drop_id"]
    shown = run.json("drop", "show", drop_id)
    assert shown["phase"] == "open" and shown["opens_at"] == created["opens_at"]  # `--opens now`: in its creating block
    assert shown["secret"] is shown["seed"] is shown["reveal_block"] is None  # not published: null, not zeros
    assert {**shown} in run.json("drop", "list")["drops"] and "Tiger box" in run("drop", "list").stdout
    assert run.json("drop", "show", "Tiger box") == shown
    assert "secret" not in created
    secret_file = Path(created["secret_file"])
    assert secret_file.parent == workdir / "deployments" / "secrets"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret_file.parent.stat().st_mode) == 0o700
    assert (secret_file.parent / ".gitignore").read_text().splitlines()[-1] == "*"
    secret = secret_file.read_text().strip()
    run.extra_secrets = (secret,)  # from here on, no output may show it
    try:
        boxes = run.json("drop", "mint", drop_id, C7, C8, C9, C7)["token_ids"]
        assert len(boxes) == 4
        assert run.json("drop", "show", drop_id)["phase"] == "ended"
        run("drop", "close", drop_id, "--secret", "11" * 32, code=2)  # not the committed secret
        run("reveal", drop_id, code=1)  # DropNotClosed
        closed = run.json("drop", "close", drop_id)  # finds the stored secret by the commitment
        revealed = run.json("reveal", drop_id)
        assert revealed["reveal_block"] == closed["reveal_block"]
    finally:
        run.extra_secrets = ()
    report = run.json("verify-reveal", drop_id)
    assert report["fair"] and report["boxes_checked"] == 4 and report["counts_by_edition"] == {str(limited): 3, str(hidden): 1}
    assert "FAIR" in run("verify-reveal", drop_id).stdout
    assert run.json("drop", "show", drop_id)["phase"] == "revealed"
    editions = sorted(run.json("token", t)["edition_id"] for t in boxes)
    assert editions == [limited] * 3 + [hidden]


def test_drop_close_on_an_idle_local_chain_sees_the_closing_time(run: Cli, suite: dict[str, Any]) -> None:
    limited = _edition(run, "Idle Tiger", 10)
    created = run.json("drop", "create", "Idle box", "--edition", f"{limited}=2", "--closes", "+2s", "--placeholder", "ipfs://box")
    time.sleep(3)  # the wall clock passes the closing time; the idle chain mines no block meanwhile
    closed = run.json("drop", "close", created["drop_id"])
    assert closed["reveal_block"] == closed["block"] + 1 and run.json("drop", "show", created["drop_id"])["phase"] == "closed"


def test_printed_and_external_secrets(run: Cli, suite: dict[str, Any]) -> None:
    limited = _edition(run, "Summer Rabbit", 100)
    printed = run("drop", "create", "Printed", "--edition", f"{limited}=2", "--closes", "+1h",
                  "--placeholder", "ipfs://box", "--print-secret", "--json")
    data = json.loads(printed.stdout)
    assert len(bytes.fromhex(data["secret"][2:])) == 32 and data["secret_file"] is None
    assert "printed below ONCE" in printed.stderr
    external = run.json("drop", "create", "External", "--edition", f"{limited}=2", "--closes", "+1h",
                        "--placeholder", "ipfs://box", "--commitment", "ab" * 32)
    assert external["commitment"] == "0x" + "ab" * 32 and external["secret_file"] is None
    missing = run("drop", "close", external["drop_id"], code=2)
    assert "no stored secret" in missing.stderr and "--after-deadline" in printed.stderr
    early = run("drop", "close", external["drop_id"], "--after-deadline", code=1)  # the deadline is 7 days past closing
    assert "DeadlineNotReached" in early.stderr
    run("drop", "close", external["drop_id"], "--after-deadline", "--secret", "ab" * 32, code=2)
    run("drop", "create", "Both", "--edition", f"{limited}=1", "--closes", "+1h", "--placeholder", "ipfs://box",
        "--print-secret", "--commitment", "ab" * 32, code=2)


def test_list_buy_and_cancel_on_the_marketplace(run: Cli, suite: dict[str, Any]) -> None:
    edition_id = _edition(run, "Market Rabbit", 100)
    first, second, third = _mint(run, edition_id, C7, C7, C7)
    run("deposit", "mint", C8, "500")
    assert run.json("deposit", "balance", C8)["balance_units"] == "500"
    past = run("list", first, "100", "--account", 7, "--expires", "2020-01-01", code=2)
    assert "is not in the future" in past.stderr and "approving" not in past.stderr  # checked before the approval
    refused = run("list", first, "100", "--account", 9, code=1)  # not the holder: refused before any approval
    assert "SellerNotOwner" in refused.stderr and "approving" not in refused.stderr
    assert run.json("listings", "--seller", C9)["listings"] == []
    listed = run.json("list", first, "100", "--account", 7)
    assert listed["price"] == str(100 * 10**18) and listed["expires_at"] > 0  # the default, 30 days on
    assert first in [item["token_id"] for item in run.json("listings", "--seller", C7)["listings"]]
    assert run.json("token", first)["listed"]

    mismatch = run("buy", listed["listing_id"], "--price", "99", "--account", 8, code=1)
    assert "PriceMismatch" in mismatch.stderr
    assert f"hint: listing {listed['listing_id']} asks 100, you agreed to 99: buy with --price 100 if you agree" in mismatch.stderr
    broke = run("buy", listed["listing_id"], "--price", "100", "--account", 9, code=1)
    assert f"hint: {C9} holds 0 deposit tokens, less than the price of 100: the treasury credits it" in broke.stderr
    unnamed = run("buy", listed["listing_id"], "--price", "100", code=2)
    assert "`buy` is signed by the buyer" in unnamed.stderr
    twice = run("list", first, "120", "--account", 7, code=2)  # one live price per token
    assert f"is listed already (listing {listed['listing_id']}, price {100 * 10**18})" in twice.stderr
    assert "hint: nothing was sent; cancel that listing (`collectibles cancel LISTING`)" in twice.stderr
    sale = run.json("buy", listed["listing_id"], "--price", "100", "--account", 8)
    assert sale["buyer"] == C8 and sale["seller"] == C7 and int(sale["seller_proceeds"]) <= 100 * 10**18
    assert sale["price_units"] == "100" and sale["price"] == str(100 * 10**18)
    assert run.json("token", first)["owner"] == C8
    assert run.json("deposit", "balance", C8)["balance_units"] == "400"
    assert [e["event"] for e in run.json("provenance", first)["entries"]] == ["Minted", "Transferred"]

    one = run.json("list", second, "12.5", "--account", 7, "--expires", "+7d")
    run("force-transfer", second, C9, "--reason", "3")
    gone = run("buy", one["listing_id"], "--price", "12.5", "--account", 8, code=1)  # hints speak to the buyer
    assert "SellerNotOwner" in gone.stderr and "hint: the token has left the seller since it was listed" in gone.stderr
    run("cancel", one["listing_id"], "--account", 7)
    run.json("list", third, "1", "--account", 7)
    run("cancel", "--all", "--account", 7)
    assert run.json("listings", "--seller", C7)["listings"] == []


def test_freeze_pause_force_transfer_and_holding_period(run: Cli, suite: dict[str, Any]) -> None:
    edition_id = _edition(run, "Compliance Rabbit", 100)
    (token,) = _mint(run, edition_id, C7)
    run("freeze", token, "--reason", "7")
    assert run.json("token", token)["frozen"]
    assert "TokenFrozen" in run("transfer", token, C8, "--account", 7, code=1).stderr
    unlisted = run("list", token, "10", "--account", 7, code=1)  # NotTradable alone does not say why
    assert "NotTradable" in unlisted.stderr and "hint: a compliance authority froze it (`collectibles token" in unlisted.stderr
    run("freeze", token, "--unfreeze")

    run("freeze", "--wallet", C7)
    assert run.json("kyc", "show", C7)["issuer_frozen"]
    run("freeze", "--account", C7, "--unfreeze")
    run("freeze", "--account", C7, "--authority", "operator")
    assert run.json("kyc", "show", C7)["operator_frozen"]
    run("freeze", "--account", C7, "--authority", "operator", "--unfreeze")

    run("pause")
    assert "CollectionPaused" in run("mint", edition_id, C8, code=1).stderr
    policy = run.json("policy")
    assert policy["paused"] and policy["paused_by"] == "compliance"
    assert "yes, by a compliance officer" in run("policy").stdout
    by_issuer = run("pause", "--off", "--account", 1, code=1)  # the issuer cannot lift a compliance pause
    assert "hint: this is a compliance pause: only a compliance officer or a regulator can lift it" in by_issuer.stderr
    run("pause", "--off")
    assert run.json("policy")["paused_by"] is None

    run("policy", "--holding-period", "24h")
    held = run("transfer", token, C8, "--account", 7, code=1)
    lines = held.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: HoldingPeriodActive") and "can move from" in lines[1]
    assert "hint: its holding period runs until" in run("list", token, "10", "--account", 7, code=1).stderr
    run("policy", "--holding-period", "0")

    moved = run.json("force-transfer", token, C9, "--reason", "3")
    assert moved["to"] == C9
    last = run.json("provenance", token)["entries"][-1]
    assert last["event"] == "ForcedTransfer" and last["reason_code"] == 3 and last["to_address"] == C9
    run("transfer", token, C8, "--account", 9)
    assert run.json("token", token)["owner"] == C8


def test_compliance_actions_that_would_change_nothing_send_nothing(run: Cli, suite: dict[str, Any]) -> None:
    edition_id = _edition(run, "Idle Rabbit", 10)
    (token,) = _mint(run, edition_id, C7)
    block = run.json("chain", "status")["block"]
    for args, message in [
        (("pause", "--off"), "is not paused: there is no pause to lift"),
        (("freeze", token, "--unfreeze"), f"token {edition_id}:1 (id {token}) is not frozen: there is no freeze to lift"),
        (("freeze", "--account", C8, "--unfreeze"), f"{C8} is not frozen by the issuer flag: unfreezing would change nothing"),
        (("force-transfer", token, C7, "--reason", "1"), f"token {edition_id}:1 (id {token}) is already held by {C7}"),
    ]:
        lines = run(*args, code=2).stderr.strip().splitlines()
        assert len(lines) == 2 and message in lines[0] and lines[1].startswith("hint: nothing was sent"), (args, lines)
    assert run.json("chain", "status")["block"] == block


def test_a_full_set_is_redeemed_through_a_recipe(run: Cli, suite: dict[str, Any]) -> None:
    spring, summer, reward = (_edition(run, f"{name} Crane", 10) for name in ("Spring", "Summer", "Moon"))
    a_spring, a_summer = _mint(run, spring, C7) + _mint(run, summer, C7)
    created = run.json("recipe", "create", "--edition", spring, "--edition", summer, "--reward", reward)
    recipe = created["recipe_id"]
    listed = {r["recipe_id"]: r for r in run.json("recipe", "list")["recipes"]}
    assert listed[recipe] == {"recipe_id": recipe, "edition_ids": [spring, summer], "reward_edition_id": reward, "active": True}
    run("recipe", "close", recipe)
    again = run("recipe", "close", recipe, code=2)
    assert f"recipe {recipe} is inactive already" in again.stderr and "hint: nothing was sent" in again.stderr
    assert "RecipeInactive" in run("redeem", recipe, a_spring, a_summer, "--account", 7, code=1).stderr
    run("recipe", "open", recipe)
    unnamed = run("redeem", recipe, a_spring, a_summer, code=2)
    assert "`redeem` is signed by the holder" in unnamed.stderr
    redeemed = run.json("redeem", recipe, a_spring, a_summer, "--account", 7)
    assert redeemed["burned_token_ids"] == [a_spring, a_summer] and redeemed["reward_serial"] == "#1/10"
    assert run.json("token", redeemed["reward_token_id"])["owner"] == C7
    assert "NonexistentToken" in run("token", a_spring, code=1).stderr


def test_the_price_ceiling_is_part_of_the_policy(run: Cli, suite: dict[str, Any]) -> None:
    edition_id = _edition(run, "Ceiling Rabbit", 10)
    (token,) = _mint(run, edition_id, C7)
    assert run.json("policy")["price_ceiling"] is None
    set_ = run.json("policy", "--price-ceiling", "50.5")
    assert (set_["price_ceiling"], set_["price_ceiling_units"], len(set_["tx_hashes"])) == (str(505 * 10**17), "50.5", 1)
    assert "50.5" in run("policy").stdout
    try:
        assert "PriceAboveCeiling" in run("list", token, "51", "--account", 7, code=1).stderr
        again = run("policy", "--price-ceiling", "50.5", code=2)
        assert "has price ceiling 50500000000000000000 already" in again.stderr
        assert "`collectibles policy`" not in run("policy", "--price-ceiling", "-1", code=2).stderr
    finally:
        assert run.json("policy", "--price-ceiling", "none")["price_ceiling"] is None


def test_an_edition_name_the_collection_has_is_refused(run: Cli, suite: dict[str, Any]) -> None:
    first = _edition(run, "Only Rabbit", 10)
    block = run.json("chain", "status")["block"]
    refused = run("edition", "create", "Only Rabbit", "--supply", 5, "--uri", "ipfs://again", code=2)
    assert f"error: edition {first} is already named 'Only Rabbit'" in refused.stderr
    assert run.json("chain", "status")["block"] == block


def test_key_env_and_keystore_signers(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    holder = LocalSigner(bytes([77]) * 32)
    key = (bytes([77]) * 32).hex()
    keystore = tmp_path / "holder.json"
    keystore.write_text(json.dumps(holder.to_keystore("pw")))
    os.chmod(keystore, 0o600)
    run.extra_secrets = (key,)
    try:
        run("kyc", "approve", holder.address, "--expires", "+30d")
        edition_id = _edition(run, "Key Rabbit", 10)
        (token,) = _mint(run, edition_id, holder.address)
        env = {"HOLDER_KEY": key, "COLLECTIBLES_KEYSTORE_PASSWORD": "pw"}
        run("transfer", token, C7, "--key-env", "HOLDER_KEY", env=env)
        run("transfer", token, holder.address, "--account", 7)
        run("transfer", token, C8, "--keystore", keystore, env=env)
        assert run.json("token", token)["owner"] == C8
        both = run("transfer", token, C7, "--key-env", "HOLDER_KEY", "--account", 8, code=2, env=env)
        assert "give one signer" in both.stderr
        run("transfer", token, C7, "--keystore", keystore, code=2, env={"COLLECTIBLES_KEYSTORE_PASSWORD": "wrong"})
        unasked = run("transfer", token, C7, "--keystore", keystore, code=2)  # no password, no terminal
        assert "set COLLECTIBLES_KEYSTORE_PASSWORD" in unasked.stderr
        (tmp_path / "empty.json").write_text("{}")
        odd = run("transfer", token, C7, "--keystore", tmp_path / "empty.json", code=2, env=env)
        assert "is not a keystore" in odd.stderr
        run("transfer", token, C7, "--key-env", "UNSET_VARIABLE", code=2)
        bad_key = run("transfer", token, C7, "--key-env", "HOLDER_KEY", code=2, env={"HOLDER_KEY": "0x1234"})
        assert "HOLDER_KEY does not hold a private key" in bad_key.stderr
    finally:
        run.extra_secrets = ()
