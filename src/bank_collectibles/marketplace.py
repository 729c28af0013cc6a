"""The marketplace (fixed-price listings paid in the deposit token) and the deposit token itself."""

from __future__ import annotations

from typing import Any

from ._contracts import BoundContract, checked_address, positive
from .errors import InvalidInput, PriceMismatch
from .results import Listing, ListingCreated, Sale, TxResult

UINT96_MAX = 2**96 - 1


class DepositToken(BoundContract):
    """The bank's tokenized deposit (ERC-20): moves only between verified accounts."""

    artifact = "DepositToken"

    def mint(self, to: str, amount: int) -> TxResult:
        """Credits `amount` (smallest units) to a verified customer. Requires `TREASURY_ROLE`."""
        return self._transact("mint", checked_address(to, "recipient"), positive(amount, "amount"))

    def burn(self, account: str, amount: int) -> TxResult:
        """Redeems `amount` from `account` into the bank. Requires `TREASURY_ROLE`."""
        return self._transact("burn", checked_address(account, "account"), positive(amount, "amount"))

    def transfer(self, to: str, amount: int) -> TxResult:
        return self._transact("transfer", checked_address(to, "recipient"), positive(amount, "amount"))

    def approve(self, spender: str, amount: int) -> TxResult:
        return self._transact("approve", checked_address(spender, "spender"), positive(amount, "amount", allow_zero=True))

    def balance_of(self, account: str) -> int:
        return int(self._read("balanceOf", checked_address(account, "account")))

    def allowance(self, owner: str, spender: str) -> int:
        return int(self._read("allowance", checked_address(owner, "owner"), checked_address(spender, "spender")))

    def decimals(self) -> int:
        return int(self._read("decimals"))

    def grant_role(self, role: str, account: str) -> TxResult:
        """Grants `TREASURY_ROLE` or `PAUSER_ROLE`. Requires `DEFAULT_ADMIN_ROLE`."""
        from .registry import role_id

        if role not in ("TREASURY_ROLE", "PAUSER_ROLE", "DEFAULT_ADMIN_ROLE"):
            raise InvalidInput(f"unknown deposit token role {role!r}")
        return self._transact("grantRole", role_id(role), checked_address(account, "account"))

    def pause(self) -> TxResult:
        return self._transact("pause")

    def unpause(self) -> TxResult:
        return self._transact("unpause")


class Marketplace(BoundContract):
    """Fixed-price secondary sales of catalog collections (IMarketplace).

    Args:
        deposit_token: The currency; :meth:`buy` approves exactly the price when needed.
    """

    artifact = "Marketplace"

    def __init__(self, client: Any, address: str, signer: Any = None, deposit_token: DepositToken | None = None) -> None:
        super().__init__(client, address, signer)
        self.deposit_token = deposit_token

    def list(self, collection: str, token_id: int, price: int, expires_at: int | None = None) -> ListingCreated:
        """Lists the signer's token at `price` until `expires_at` (default: 30 days).

        The signer must have approved the marketplace on the collection
        (`Collection.approve_operator`). Raises the contract's errors from the pre-flight:
        `NotTradable` (frozen, in its holding period...), `MarketplaceNotApproved`, `PriceAboveCeiling`.
        """
        positive(price, "price", maximum=UINT96_MAX)
        if expires_at is None:  # chain time: a development chain's clock may run ahead of ours
            expires_at = int(self.client.node.block("latest")["timestamp"]) + 30 * 86_400
        expiry = positive(expires_at, "expires_at")
        receipt = self._send("list", checked_address(collection, "collection"), positive(token_id, "token id"), price, expiry)
        (event,) = self._events(receipt, "Listed")
        return ListingCreated(event["listingId"], TxResult.of(receipt))

    def cancel(self, listing_id: int) -> TxResult:
        return self._transact("cancel", positive(listing_id, "listing id"))

    def cancel_all(self) -> TxResult:
        """Cancels every listing of the signer with one storage write."""
        return self._transact("cancelAll")

    def buy(self, listing_id: int, expected_price: int, *, approve: bool = True) -> Sale:
        """Buys a listing at `expected_price` (the price the buyer was shown).

        Args:
            listing_id: The listing.
            expected_price: Must equal the listing's price, or `PriceMismatch` is raised: the
                buyer's protection against a listing that changed since the quote.
            approve: Approve the marketplace for exactly the price first if the allowance is short.

        Returns:
            The sale with its royalty, platform fee and the seller's proceeds.
        """
        positive(expected_price, "expected price", maximum=UINT96_MAX)
        if approve and self.deposit_token is not None and self.signer is not None:
            token = self.deposit_token.using(self.signer)
            if token.allowance(self.signer.address, self.address) < expected_price:
                # Nothing, not even the approval, is sent for a listing the buyer would not take.
                price = self._read("listing", positive(listing_id, "listing id"))["price"]
                if price != expected_price:
                    raise PriceMismatch(listing_id, price, expected_price)
                token.approve(self.address, expected_price)
        receipt = self._send("buy", positive(listing_id, "listing id"), expected_price)
        (sold,) = self._events(receipt, "Sold")
        return Sale(
            listing_id=sold["listingId"],
            seller=sold["seller"],
            buyer=sold["buyer"],
            collection=sold["collection"],
            token_id=sold["tokenId"],
            price=sold["price"],
            royalty_receiver=sold["royaltyReceiver"],
            royalty=sold["royalty"],
            platform_fee=sold["platformFee"],
            seller_proceeds=sold["sellerProceeds"],
            tx=TxResult.of(receipt),
        )

    def quote(self, collection: str, token_id: int, price: int) -> dict[str, Any]:
        """How `price` would be split: royalty receiver and amount, platform fee, seller proceeds."""
        receiver, royalty, fee, proceeds = self._read("quote", checked_address(collection, "collection"), token_id, price)
        return {"royalty_receiver": receiver, "royalty": royalty, "platform_fee": fee, "seller_proceeds": proceeds}

    def listing(self, listing_id: int) -> Listing:
        raw = self._read("listing", listing_id)
        return self._listing(listing_id, raw, bool(self._read("isListingActive", listing_id)))

    def listings(self, *, collection: str | None = None, seller: str | None = None, active_only: bool = True) -> list[Listing]:
        """Listings from the `Listed` events, with their current state, in batched reads."""
        topics: list[Any] = [None, None, None]
        if seller:
            topics[1] = "0x" + bytes(12).hex() + checked_address(seller, "seller")[2:].lower()
        if collection:
            topics[2] = "0x" + bytes(12).hex() + checked_address(collection, "collection")[2:].lower()
        ids = [args["listingId"] for _, args in self._logs("Listed", 0, topics)]
        raws = self._read_many("listing", [(i,) for i in ids])
        active = self._read_many("isListingActive", [(i,) for i in ids])
        found = [self._listing(i, raw, bool(a)) for i, raw, a in zip(ids, raws, active) if raw["seller"] != "0x" + "00" * 20]
        return [listing for listing in found if listing.active or not active_only]

    def set_platform_fee(self, recipient: str, bps: int) -> TxResult:
        """The platform fee in basis points (at most 1000). Requires the consortium's `OPERATOR_ROLE`."""
        positive(bps, "bps", maximum=1000, allow_zero=True)
        return self._transact("setPlatformFee", checked_address(recipient, "recipient", allow_zero=bps == 0), bps)

    def platform_fee(self) -> tuple[str, int]:
        recipient, bps = self._read("platformFee")
        return recipient, bps

    def set_price_ceiling(self, collection: str, ceiling: int) -> TxResult:
        """An anti-speculation price ceiling (0 = none). Requires the collection's `ISSUER_ROLE`."""
        return self._transact(
            "setPriceCeiling", checked_address(collection, "collection"), positive(ceiling, "ceiling", allow_zero=True)
        )

    def _listing(self, listing_id: int, raw: dict[str, Any], active: bool) -> Listing:
        return Listing(listing_id, raw["seller"], raw["collection"], raw["tokenId"], raw["price"], raw["expiresAt"], active)
