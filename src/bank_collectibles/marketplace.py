"""The marketplace (fixed-price listings paid in the deposit token) and the deposit token itself."""

from __future__ import annotations

import time
from typing import Any

from ._collection_queries import token_label
from ._contracts import UINT256_MAX, BoundContract, checked_address, checked_flag, checked_id, contract_abi, positive
from ._roles import AccessControlled
from .errors import AlreadyListed, ERC20InsufficientAllowance, ERC20InsufficientBalance, ListingExpired, MarketplaceNotApproved, NoChange
from .results import Listing, ListingCreated, PlatformFee, Sale, SaleQuote, TxResult

UINT64_MAX = 2**64 - 1
UINT96_MAX = 2**96 - 1


class DepositToken(AccessControlled, BoundContract):
    """The bank's tokenized deposit (ERC-20): moves only between verified accounts.

    Every write raises `InvalidInput` when no signer is bound, and may raise `SignerError` and
    `NodeError` (`TransactionTimeout` among them); reads may raise `NodeError`. A write the
    contract would reject raises that contract error by name, normally from the pre-flight
    (`eth_estimateGas`), before anything is sent.
    """

    artifact = "DepositToken"
    ROLE_NAMES = ("DEFAULT_ADMIN_ROLE", "TREASURY_ROLE", "PAUSER_ROLE")
    ROLE_SCOPE = "deposit token"

    def mint(self, to: str, amount: int) -> TxResult:
        """Credits `amount` to a verified customer. Requires `TREASURY_ROLE`.

        Args:
            to: The customer.
            amount: In smallest units.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad amount or recipient.
            AccessControlUnauthorizedAccount: The signer is not the treasury.
            DepositNotVerified, EnforcedPause: The recipient is not verified, or the token is paused.
        """
        return self._transact("mint", checked_address(to, "recipient"), positive(amount, "amount", maximum=UINT256_MAX))

    def burn(self, account: str, amount: int) -> TxResult:
        """Redeems `amount` from `account` into the bank, verified or not. Requires `TREASURY_ROLE`.

        Args:
            account: The customer.
            amount: In smallest units.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad amount or account.
            AccessControlUnauthorizedAccount: The signer is not the treasury.
            ERC20InsufficientBalance, EnforcedPause: Too little on the account, or the token is paused.
        """
        return self._transact("burn", checked_address(account, "account"), positive(amount, "amount", maximum=UINT256_MAX))

    def transfer(self, to: str, amount: int) -> TxResult:
        """Pays `amount` from the signer to `to`; both must be verified.

        Args:
            to: The payee.
            amount: In smallest units.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad amount or payee.
            DepositNotVerified, ERC20InsufficientBalance, EnforcedPause: From the pre-flight.
        """
        return self._transact("transfer", checked_address(to, "recipient"), positive(amount, "amount", maximum=UINT256_MAX))

    def approve(self, spender: str, amount: int) -> TxResult:
        """Lets `spender` (the marketplace) take up to `amount` from the signer; 0 withdraws it.

        Args:
            spender: The marketplace.
            amount: In smallest units; replaces any earlier allowance.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad amount or spender.
        """
        amount = positive(amount, "amount", maximum=UINT256_MAX, allow_zero=True)
        return self._transact("approve", checked_address(spender, "spender"), amount)

    def balance_of(self, account: str) -> int:
        """The deposit balance of `account`.

        Args:
            account: Any account.

        Returns:
            The balance, in smallest units.

        Raises:
            InvalidAddress: A bad account.
        """
        return int(self._read("balanceOf", checked_address(account, "account")))

    def allowance(self, owner: str, spender: str) -> int:
        """How much `spender` may still take from `owner`.

        Args:
            owner: The payer.
            spender: The marketplace, usually.

        Returns:
            The allowance, in smallest units.

        Raises:
            InvalidAddress: A bad owner or spender.
        """
        return int(self._read("allowance", checked_address(owner, "owner"), checked_address(spender, "spender")))

    def decimals(self) -> int:
        """The token's decimals.

        Returns:
            How many of the smallest units' digits follow the decimal point.
        """
        return int(self._read("decimals"))

    def pause(self) -> TxResult:
        """Stops every mint, burn and transfer of the deposit token. Requires `PAUSER_ROLE`.

        Returns:
            The transaction.

        Raises:
            AccessControlUnauthorizedAccount: The signer is not a pauser.
            EnforcedPause: The token is already paused.
        """
        return self._transact("pause")

    def unpause(self) -> TxResult:
        """Lets the deposit token move again. Requires `PAUSER_ROLE`.

        Returns:
            The transaction.

        Raises:
            AccessControlUnauthorizedAccount: The signer is not a pauser.
            ExpectedPause: The token is not paused.
        """
        return self._transact("unpause")


class Marketplace(BoundContract):
    """Fixed-price secondary sales of catalog collections (IMarketplace).

    Every write raises `InvalidInput` when no signer is bound, and may raise `SignerError` and
    `NodeError` (`TransactionTimeout` among them); reads may raise `NodeError`. A write the
    contract would reject raises that contract error by name, normally from the pre-flight
    (`eth_estimateGas`), before anything is sent.

    Args:
        client: The connection.
        address: The marketplace.
        signer: Who signs writes.
        deposit_token: The currency; :meth:`buy` approves exactly the price when needed.
    """

    artifact = "Marketplace"

    def __init__(self, client: Any, address: str, signer: Any = None, deposit_token: DepositToken | None = None) -> None:
        super().__init__(client, address, signer)
        self.deposit_token = deposit_token

    def list(self, collection: str, token_id: int, price: int, expires_at: int | None = None) -> ListingCreated:
        """Lists the signer's token at `price` until `expires_at`.

        The signer must have approved the marketplace on the collection
        (`Collection.approve_operator`).

        Args:
            collection: A collection of the factory's catalog.
            token_id: The signer's token.
            price: In the deposit token's smallest units (below 2**96).
            expires_at: Unix time; by default 30 days after the latest block.

        Returns:
            The new listing's id and the transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad collection, token id, price or expiry.
            AlreadyListed: The signer has an active listing of the token (nothing is sent).
            NotCatalogCollection, PriceAboveCeiling, ExpiryInPast, AccountNotVerified,
                NonexistentToken, SellerNotOwner, MarketplaceNotApproved: From the pre-flight.
            NotTradable: The token is frozen, soulbound, in its holding period or at its transfer
                cap, or the collection is paused.
        """
        collection = checked_address(collection, "collection")
        token = checked_id(token_id, "token id")
        positive(price, "price", maximum=UINT96_MAX)
        if expires_at is None:  # chain time: a development chain's clock may run ahead of ours
            expires_at = int(self.client.node.block("latest")["timestamp"]) + 30 * 86_400
        expiry = positive(expires_at, "expires_at", maximum=UINT64_MAX)
        self._refuse_second_listing(collection, token)
        receipt = self._send("list", collection, token, price, expiry)
        (event,) = self._events(receipt, "Listed")
        return ListingCreated(event["listingId"], TxResult.of(receipt))

    def check_listing(self, collection: str, token_id: int, price: int, expires_at: int) -> None:
        """Raises what `list` would raise, except for a missing approval of the marketplace on the
        collection; sends nothing. Run before that approval, it keeps a listing bound to fail from
        leaving an approval behind.

        Args:
            collection, token_id, price, expires_at: As for `list`.

        Raises:
            InvalidInput, InvalidAddress: A bad collection, token id, price or expiry.
            AlreadyListed, NotCatalogCollection, PriceAboveCeiling, ExpiryInPast,
                AccountNotVerified, NonexistentToken, SellerNotOwner, NotTradable: As `list` would.
        """
        collection, token = checked_address(collection, "collection"), checked_id(token_id, "token id")
        try:
            self._preflight("list", collection, token, positive(price, "price", maximum=UINT96_MAX),
                            positive(expires_at, "expires_at", maximum=UINT64_MAX))
        except MarketplaceNotApproved:
            pass  # the contract's last check: everything else passed
        self._refuse_second_listing(collection, token)

    def _refuse_second_listing(self, collection: str, token_id: int) -> None:
        seller = self._signer().address
        for listing in self.listings(collection=collection, seller=seller):
            if listing.token_id == token_id:
                raise AlreadyListed(
                    f"token {token_label(token_id)} is listed already (listing {listing.listing_id}, price "
                    f"{listing.price}): cancel that listing first to list it at another price or expiry",
                    listing.listing_id, token_id, listing.price,
                )

    def cancel(self, listing_id: int) -> TxResult:
        """Cancels one of the signer's listings.

        Args:
            listing_id: The listing.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad listing id.
            UnknownListing: Never listed, or already sold or cancelled.
            NotSeller: The listing is someone else's.
        """
        return self._transact("cancel", checked_id(listing_id, "listing id"))

    def cancel_all(self) -> TxResult:
        """Cancels every listing of the signer with one storage write.

        Returns:
            The transaction.
        """
        return self._transact("cancelAll")

    def buy(self, listing_id: int, expected_price: int, *, approve: bool = True) -> Sale:
        """Buys a listing at `expected_price` (the price the buyer was shown).

        Args:
            listing_id: The listing.
            expected_price: Must equal the listing's price, or `PriceMismatch` is raised: the
                buyer's protection against a listing that changed since the quote.
            approve: Approve the marketplace for exactly the price first if the allowance is short.
                The approval is sent only once every check of the purchase passes: a listing
                that cannot be bought (expired, frozen, stale, a changed price...) raises its
                error and leaves the allowance as it was.

        Returns:
            The sale with its royalty, platform fee and the seller's proceeds.

        Raises:
            InvalidInput: A bad listing id or price, checked before anything is sent.
            UnknownListing, BuyerIsSeller, PriceMismatch, ListingExpired, ListingStale,
                PriceAboveCeiling, AccountNotVerified, NonexistentToken, SellerNotOwner,
                NotTradable, MarketplaceNotApproved: The listing cannot be bought, from the pre-flight;
                nothing is sent, not even the approval.
            ERC20InsufficientBalance, DepositNotVerified, EnforcedPause: The payment would fail.
            ERC20InsufficientAllowance: The same, when `approve` is False or no deposit token is bound.
            CollectionPaused, HoldingPeriodActive, TransferLimitReached, OperatorNotApproved:
                The collection's transfer policy refuses the token's move.
        """
        listing_id = checked_id(listing_id, "listing id")
        positive(expected_price, "expected price", maximum=UINT96_MAX)
        checked_flag(approve, "approve")
        if approve and self.deposit_token is not None and self.signer is not None:
            token = self.deposit_token.using(self.signer)
            if token.allowance(self.signer.address, self.address) < expected_price:
                self._check_purchase(listing_id, expected_price, token)
                token.approve(self.address, expected_price)
        receipt = self._send("buy", listing_id, expected_price)
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

    def _check_purchase(self, listing_id: int, price: int, token: DepositToken) -> None:
        """Raises what buying `listing_id` would raise once the approval is given; sends nothing.

        The buy itself runs first (`eth_call`): it passes every check of the listing and stops at
        the first payment for want of allowance. The rest of the purchase is then run piece by
        piece, raising the error the buy would: each payment as a transfer from the buyer (the
        deposit token's pause and both accounts' KYC; the balance as it stands after the earlier
        payments), then the token's transfer as the marketplace makes it (the collection's whole
        transfer policy).
        """
        buyer = token.signer.address  # type: ignore[union-attr]  (buy() gave it one)
        try:
            self._simulate(self.address, self.abi.function("buy").encode(listing_id, price), buyer)
            return  # nothing stops it (the approval is then merely redundant)
        except ERC20InsufficientAllowance as short:
            if short.spender != self.address:
                raise
        listing = self.listing(listing_id)
        # The approval takes a block before the buy's: a chain that mines on demand dates both
        # later than the latest block, in which the simulated buy saw the listing still open.
        buy_time = self._next_block_time() + 1
        if buy_time >= listing.expires_at:
            raise ListingExpired(listing_id, listing.expires_at)
        split = self.quote(listing.collection, listing.token_id, listing.price)
        payments = (
            (split.royalty_receiver, split.royalty),
            (self.platform_fee().recipient, split.platform_fee),
            (listing.seller, split.seller_proceeds),
        )
        transfer, left = token.abi.function("transfer"), token.balance_of(buyer)
        for to, amount in payments:
            if amount:
                self._simulate(token.address, transfer.encode(to, min(amount, left)), buyer)
                if amount > left:
                    raise ERC20InsufficientBalance(buyer, left, amount)
                left -= amount
        move = contract_abi("Collection").function("transferFrom").encode(listing.seller, buyer, listing.token_id)
        self._simulate(listing.collection, move, self.address)

    def _simulate(self, to: str, data: bytes, sender: str) -> None:
        """An `eth_call` as `sender` at a zero gas price: it needs no ether (eth-tester charges
        its default price otherwise), so it runs as a contract or an unfunded customer.

        Raises:
            ContractError: The call reverts, as its typed error.
        """
        node = self.client.node
        node.request("eth_call", node.w3.eth.call, {"from": sender, "to": to, "data": data, "gasPrice": 0}, "latest")

    def quote(self, collection: str, token_id: int, price: int) -> SaleQuote:
        """How `price` would be split: royalty receiver and amount, platform fee, seller proceeds.

        Args:
            collection: The collection.
            token_id: The token (0: the collection's default royalty).
            price: In the deposit token's smallest units.

        Returns:
            The split.

        Raises:
            InvalidInput, InvalidAddress: A bad collection, token id (0: the default royalty) or price.
        """
        receiver, royalty, fee, proceeds = self._read(
            "quote",
            checked_address(collection, "collection"),
            checked_id(token_id, "token id", allow_zero=True),
            positive(price, "price", maximum=UINT256_MAX, allow_zero=True),
        )
        return SaleQuote(receiver, royalty, fee, proceeds)

    def listing(self, listing_id: int) -> Listing:
        """A listing and whether it can be bought now.

        Args:
            listing_id: The listing.

        Returns:
            The listing; one never made, sold or cancelled reads as zeros, inactive.

        Raises:
            InvalidInput: `listing_id` is not a listing id.
        """
        listing_id = checked_id(listing_id, "listing id")
        raw, active = self._read_batch([("listing", (listing_id,)), ("isListingActive", (listing_id,))])
        return self._listing(listing_id, raw, bool(active), self._next_block_time())

    def listings(self, *, collection: str | None = None, seller: str | None = None, active_only: bool = True) -> list[Listing]:
        """Listings from the `Listed` events, with their current state, in batched reads.

        Args:
            collection: Only this collection's listings.
            seller: Only this seller's listings.
            active_only: Leave out listings that cannot be bought now (expired, stale...).

        Returns:
            The listings not sold or cancelled, oldest first.

        Raises:
            InvalidAddress: A bad `collection` or `seller`.
            InvalidInput: `active_only` is not a bool.
        """
        checked_flag(active_only, "active_only")
        topics: list[Any] = [None, None, None]
        if seller is not None:
            topics[1] = "0x" + bytes(12).hex() + checked_address(seller, "seller")[2:].lower()
        if collection is not None:
            topics[2] = "0x" + bytes(12).hex() + checked_address(collection, "collection")[2:].lower()
        ids = [args["listingId"] for _, args in self._logs("Listed", 0, topics)]
        reads = self._read_batch([(fn, (i,)) for i in ids for fn in ("listing", "isListingActive")])
        now = self._next_block_time()
        found = [self._listing(i, raw, bool(a), now) for i, raw, a in zip(ids, reads[::2], reads[1::2])
                 if raw["seller"] != "0x" + "00" * 20]
        return [listing for listing in found if listing.active or not active_only]

    def set_platform_fee(self, recipient: str, bps: int) -> TxResult:
        """Sets the platform fee on every sale. Requires the consortium's `OPERATOR_ROLE`.

        Args:
            recipient: Who receives the fee; the zero address only with 0 bps.
            bps: The fee in basis points (at most 1000).

        Returns:
            The transaction.

        Raises:
            InvalidInput: `bps` is not an int from 0 to 1000.
            InvalidAddress: A bad recipient (the zero address unless `bps` is 0).
            NotPlatformOperator: The signer lacks the registry's `OPERATOR_ROLE`.
        """
        positive(bps, "bps", maximum=1000, allow_zero=True)
        return self._transact("setPlatformFee", checked_address(recipient, "recipient", allow_zero=bps == 0), bps)

    def platform_fee(self) -> PlatformFee:
        """The platform fee.

        Returns:
            Its recipient and rate (basis points).
        """
        recipient, bps = self._read("platformFee")
        return PlatformFee(recipient, bps)

    def set_price_ceiling(self, collection: str, ceiling: int) -> TxResult:
        """Sets a collection's anti-speculation price ceiling. Requires the collection's `ISSUER_ROLE`.

        Existing listings above a lowered ceiling can no longer be bought.

        Args:
            collection: A collection of the catalog.
            ceiling: The highest price, in the deposit token's smallest units (0 = none).

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad collection or ceiling.
            NotCatalogCollection, NotCollectionIssuer: From the pre-flight.
            NoChange: The collection has this ceiling already (after the role check).
        """
        collection = checked_address(collection, "collection")
        positive(ceiling, "ceiling", maximum=UINT256_MAX, allow_zero=True)
        if self.price_ceiling(collection) == ceiling:
            self._preflight("setPriceCeiling", collection, ceiling)
            state = f"price ceiling {ceiling}" if ceiling else "no price ceiling"
            raise NoChange(f"collection {collection} has {state} already: setting it again would change nothing",
                           [collection], state)
        return self._transact("setPriceCeiling", collection, ceiling)

    def price_ceiling(self, collection: str) -> int:
        """A collection's anti-speculation price ceiling.

        Args:
            collection: The collection.

        Returns:
            The highest price a listing may have, in the deposit token's smallest units (0 = none).

        Raises:
            InvalidAddress: A bad collection.
        """
        return self._read("priceCeiling", checked_address(collection, "collection"))

    def _listing(self, listing_id: int, raw: dict[str, Any], active: bool, now: int) -> Listing:
        # The contract judges expiry by the latest block, which stands still on a chain that mines
        # on demand: a listing the next block would find expired is not active.
        return Listing(listing_id, raw["seller"], raw["collection"], raw["tokenId"], raw["price"], raw["expiresAt"],
                       active and raw["expiresAt"] > now)

    def _next_block_time(self) -> int:
        """The earliest time the next block can have: after the latest block's, and not before now."""
        return max(int(self.client.node.block("latest")["timestamp"]) + 1, int(time.time()))
