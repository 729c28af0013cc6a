"""The behaviour every chain kind shares: Anvil, Ganache and the embedded chain run the same tests."""

from __future__ import annotations

from eth_account import Account

from bank_collectibles.chains import DEFAULT_MNEMONIC, LocalChain

from ._helpers import ETHER, RUNTIME, deploy_reporter, send


def test_reports_the_profile_chain_id(chain: LocalChain):
    w3 = chain.web3()

    assert w3.eth.chain_id == chain.chain_id == 8888
    assert chain.status().running and chain.status().chain_id == 8888


def test_funds_the_profile_accounts(chain: LocalChain):
    w3 = chain.web3()
    addresses = [account.address for account in chain.accounts]

    assert len(addresses) >= 10
    # The node derived the same accounts from the same mnemonic as the profile did.
    assert w3.eth.accounts[: len(addresses)] == addresses
    # The last account is never spent from by these tests.
    assert w3.eth.get_balance(addresses[-1]) == 1_000_000 * ETHER


def test_block_gas_limit_is_the_profile_s(chain: LocalChain):
    assert chain.web3().eth.get_block("latest")["gasLimit"] == chain.profile.gas_limit == 1_000_000_000


def test_signed_value_transfer(chain: LocalChain):
    w3 = chain.web3()
    sender = chain.accounts[1]
    recipient = Account.create().address

    receipt = send(w3, sender, to=recipient, value=12_345)

    assert receipt["status"] == 1
    assert w3.eth.get_balance(recipient) == 12_345


def test_deploys_shanghai_bytecode_that_sees_the_chain_id(chain: LocalChain):
    w3 = chain.web3()

    address = deploy_reporter(w3, chain.accounts[2])

    assert bytes(w3.eth.get_code(address)) == RUNTIME
    # CHAINID inside the EVM agrees with eth_chainId (the embedded chain had to be told).
    assert int.from_bytes(w3.eth.call({"to": address}), "big") == 8888


def test_repr_shows_no_secret(chain: LocalChain):
    shown = repr(chain) + repr(chain.profile) + repr(chain.accounts) + repr(chain.status())

    assert "8888" in repr(chain)
    assert DEFAULT_MNEMONIC not in shown
    assert all(account.private_key[2:] not in shown for account in chain.accounts)
