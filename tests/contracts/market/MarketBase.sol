// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Collection} from "../../../contracts/collection/Collection.sol";
import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {CollectionFactory} from "../../../contracts/factory/CollectionFactory.sol";
import {DepositToken} from "../../../contracts/market/DepositToken.sol";
import {Marketplace} from "../../../contracts/market/Marketplace.sol";
import {ConsortiumRegistry} from "../../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title MarketBase
/// @notice The whole suite, deployed the way a consortium deploys it: registry, deposit token,
/// Collection implementation, factory, one collection created through the factory by an issuer,
/// and the marketplace, approved as an operator. Alice (seller) holds tokens past their holding
/// period and has approved the marketplace; Bob (buyer) holds deposit tokens and has approved
/// the marketplace for them.
abstract contract MarketBase is TestBase {
    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant HOLDING = 1 days;
    uint64 internal constant KYC_UNTIL = T0 + 3650 days;
    uint16 internal constant ROYALTY_BPS = 500;
    uint16 internal constant FEE_BPS = 250;
    uint256 internal constant PRICE = 1_000 ether;
    uint256 internal constant BUDGET = 1_000_000 ether;

    ConsortiumRegistry internal reg;
    DepositToken internal dep;
    Collection internal impl;
    CollectionFactory internal factory;
    Collection internal col;
    Marketplace internal market;
    uint32 internal editionId;
    uint32 internal soulboundEditionId;

    address internal admin = makeAddr("admin");
    address internal operator = makeAddr("operator");
    address internal issuer = makeAddr("issuer");
    address internal officer = makeAddr("officer");
    address internal compliance = makeAddr("compliance");
    address internal treasury = makeAddr("treasury");
    address internal pauser = makeAddr("pauser");
    address internal artist = makeAddr("artist"); // royalty receiver
    address internal platform = makeAddr("platform"); // fee recipient
    address internal alice = makeAddr("alice"); // seller
    address internal bob = makeAddr("bob"); // buyer
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger"); // never verified, no role

    /// @dev Alice's first two tokens and Bob's first.
    uint256 internal aliceToken;
    uint256 internal aliceToken2;
    uint256 internal bobToken;

    function makeAddr(string memory name) internal returns (address a) {
        a = address(uint160(uint256(keccak256(bytes(name)))));
        vm.label(a, name);
    }

    function setUp() public virtual {
        vm.warp(T0);
        reg = new ConsortiumRegistry(admin);
        vm.startPrank(admin);
        reg.grantRole(reg.OPERATOR_ROLE(), operator);
        reg.grantRole(reg.ISSUER_ROLE(), issuer);
        reg.grantRole(reg.KYC_OFFICER_ROLE(), officer);
        reg.grantRole(reg.COMPLIANCE_ROLE(), compliance);
        vm.stopPrank();
        address[] memory kyc = new address[](6);
        (kyc[0], kyc[1], kyc[2], kyc[3], kyc[4], kyc[5]) = (alice, bob, carol, artist, platform, issuer);
        _kyc(kyc);

        dep = new DepositToken("Digital deposit", "DDEP", address(reg), admin);
        vm.startPrank(admin);
        dep.grantRole(dep.TREASURY_ROLE(), treasury);
        dep.grantRole(dep.PAUSER_ROLE(), pauser);
        vm.stopPrank();

        impl = new Collection();
        factory = new CollectionFactory(address(reg), address(impl));
        col = _createCollection(issuer, "Jade Rabbit");
        vm.startPrank(issuer);
        editionId = col.createEdition(_limited("Jade Rabbit", 8888, false));
        soulboundEditionId = col.createEdition(_limited("Founder badge", 100, true));
        vm.stopPrank();

        market = new Marketplace(address(reg), address(dep), address(factory));
        vm.startPrank(operator);
        reg.setApprovedOperator(address(market), true);
        market.setPlatformFee(platform, FEE_BPS);
        vm.stopPrank();

        aliceToken = _mint(alice);
        aliceToken2 = _mint(alice);
        bobToken = _mint(bob);
        vm.prank(alice);
        col.setApprovalForAll(address(market), true);
        _fund(bob, BUDGET);
        _fund(carol, BUDGET);
        vm.warp(T0 + HOLDING);
    }

    // ------------------------------------------------------------------------------ helpers

    function _one(address a) internal pure returns (address[] memory xs) {
        xs = new address[](1);
        xs[0] = a;
    }

    function _kyc(address[] memory accounts) internal {
        uint64[] memory expiry = new uint64[](accounts.length);
        uint8[] memory tiers = new uint8[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            expiry[i] = KYC_UNTIL;
            tiers[i] = 1;
        }
        vm.prank(officer);
        reg.approveKyc(accounts, expiry, tiers);
    }

    function _limited(string memory name, uint32 maxSupply, bool soulbound)
        internal
        pure
        returns (ICollection.EditionConfig memory)
    {
        return ICollection.EditionConfig({
            name: name,
            maxSupply: maxSupply,
            kind: ICollection.EditionKind.Limited,
            uri: "ipfs://edition",
            uriCommitment: bytes32(0),
            walletCap: 0,
            soulbound: soulbound
        });
    }

    function _params(address issuer_, string memory name) internal view returns (ICollection.InitParams memory) {
        return ICollection.InitParams({
            name: name,
            symbol: "BANK",
            contractURI: "ipfs://collection",
            registry: address(0), // the factory sets its own
            issuer: issuer_,
            royaltyReceiver: artist,
            royaltyBps: ROYALTY_BPS,
            holdingPeriod: HOLDING,
            maxTransfers: 0
        });
    }

    function _createCollection(address issuer_, string memory name) internal returns (Collection c) {
        vm.prank(issuer_);
        c = Collection(factory.createCollection(_params(issuer_, name)));
    }

    function _mint(address to) internal returns (uint256 id) {
        return _mintOf(col, editionId, to);
    }

    function _mintOf(Collection c, uint32 edition, address to) internal returns (uint256 id) {
        vm.prank(issuer);
        id = c.mintBatch(edition, _one(to));
    }

    /// @dev Mints deposit tokens to `who` and approves the marketplace for all of them.
    function _fund(address who, uint256 amount) internal {
        vm.prank(treasury);
        dep.mint(who, amount);
        vm.prank(who);
        dep.approve(address(market), type(uint256).max);
    }

    function _list(address seller, uint256 tokenId, uint256 price) internal returns (uint256) {
        vm.prank(seller);
        return market.list(address(col), tokenId, price, uint64(block.timestamp + 7 days));
    }

    function _buy(address buyer, uint256 listingId, uint256 price) internal {
        vm.prank(buyer);
        market.buy(listingId, price);
    }

    function _err(bytes4 selector, uint256 a) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, a);
    }

    function _unverified(address account, IConsortiumRegistry.UnverifiedReason reason)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IConsortiumRegistry.AccountNotVerified.selector, account, reason);
    }
}
