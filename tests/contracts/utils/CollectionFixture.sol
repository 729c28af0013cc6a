// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Collection} from "../../../contracts/collection/Collection.sol";
import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {ConsortiumRegistry} from "../../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "./TestBase.sol";

/// @title CollectionFixture
/// @notice A registry, a collection clone initialized as the factory would, verified holders, and
/// helpers to create editions and drops and to walk a drop to its reveal.
abstract contract CollectionFixture is TestBase {
    ConsortiumRegistry internal reg;
    Collection internal impl;
    Collection internal col;

    address internal governance = makeAddr("governance");
    address internal operator = makeAddr("operator");
    address internal officer = makeAddr("officer");
    address internal issuer = makeAddr("issuer");
    address internal minter = makeAddr("minter");
    address internal compliance = makeAddr("compliance");
    address internal regulator = makeAddr("regulator");
    address internal market = makeAddr("market");
    address internal royaltyReceiver = makeAddr("royalty");
    address internal stranger = makeAddr("stranger");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant KYC_UNTIL = T0 + 3650 days;
    uint64 internal constant HOLD = 1 days;
    bytes32 internal constant SECRET = keccak256("spring festival secret");
    string internal constant PLACEHOLDER = "ipfs://box";

    function makeAddr(string memory label) internal returns (address a) {
        a = address(uint160(uint256(keccak256(bytes(label)))));
        vm.label(a, label);
    }

    function setUp() public virtual {
        vm.warp(T0);
        vm.roll(1000);
        reg = new ConsortiumRegistry(governance);
        vm.startPrank(governance);
        reg.grantRole(reg.OPERATOR_ROLE(), operator);
        reg.grantRole(reg.KYC_OFFICER_ROLE(), officer);
        reg.grantRole(reg.ISSUER_ROLE(), issuer);
        reg.grantRole(reg.COMPLIANCE_ROLE(), compliance);
        reg.grantRole(reg.REGULATOR_ROLE(), regulator);
        vm.stopPrank();
        vm.prank(operator);
        reg.setApprovedOperator(market, true);
        verify(alice);
        verify(bob);
        verify(carol);
        verify(issuer);

        impl = new Collection();
        col = Collection(Clones.clone(address(impl)));
        col.initialize(initParams());
        bytes32 minterRole = col.MINTER_ROLE();
        vm.prank(issuer);
        col.grantRole(minterRole, minter);
    }

    function initParams() internal view returns (ICollection.InitParams memory) {
        return ICollection.InitParams({
            name: "Jade Rabbit",
            symbol: "JADE",
            contractURI: "ipfs://collection",
            registry: address(reg),
            issuer: issuer,
            royaltyReceiver: royaltyReceiver,
            royaltyBps: 500,
            holdingPeriod: HOLD,
            maxTransfers: 3
        });
    }

    // ------------------------------------------------------------------------- accounts

    function verify(address who) internal {
        verifyUntil(who, KYC_UNTIL);
    }

    function verifyUntil(address who, uint64 expiry) internal {
        address[] memory xs = new address[](1);
        xs[0] = who;
        uint64[] memory exp = new uint64[](1);
        exp[0] = expiry;
        uint8[] memory tiers = new uint8[](1);
        tiers[0] = 1;
        vm.prank(officer);
        reg.approveKyc(xs, exp, tiers);
    }

    function verifyMany(address[] memory xs) internal {
        uint64[] memory exp = new uint64[](xs.length);
        uint8[] memory tiers = new uint8[](xs.length);
        for (uint256 i; i < xs.length; ++i) {
            exp[i] = KYC_UNTIL;
            tiers[i] = 1;
        }
        vm.prank(officer);
        reg.approveKyc(xs, exp, tiers);
    }

    /// @dev `n` distinct fresh addresses of the usual 20 non-zero-looking bytes, seeded by `base`.
    function holders(uint256 base, uint256 n) internal pure returns (address[] memory xs) {
        xs = new address[](n);
        for (uint256 i; i < n; ++i) {
            xs[i] = address(uint160(uint256(keccak256(abi.encode("holder", base, i)))));
        }
    }

    function one(address a) internal pure returns (address[] memory xs) {
        xs = new address[](1);
        xs[0] = a;
    }

    function two(address a, address b) internal pure returns (address[] memory xs) {
        xs = new address[](2);
        xs[0] = a;
        xs[1] = b;
    }

    function ids(uint256 a, uint256 b) internal pure returns (uint256[] memory xs) {
        xs = new uint256[](2);
        xs[0] = a;
        xs[1] = b;
    }

    function u32s(uint32 a) internal pure returns (uint32[] memory xs) {
        xs = new uint32[](1);
        xs[0] = a;
    }

    function u32s(uint32 a, uint32 b) internal pure returns (uint32[] memory xs) {
        xs = new uint32[](2);
        xs[0] = a;
        xs[1] = b;
    }

    function tid(uint32 series, uint32 number) internal pure returns (uint256) {
        return (uint256(series) << 32) | number;
    }

    // ------------------------------------------------------------------------- editions

    function limitedConfig(uint32 maxSupply) internal pure returns (ICollection.EditionConfig memory) {
        return ICollection.EditionConfig({
            name: "Jade Rabbit",
            maxSupply: maxSupply,
            kind: ICollection.EditionKind.Limited,
            uri: "ipfs://jade",
            uriCommitment: bytes32(0),
            walletCap: 0,
            soulbound: false
        });
    }

    function hiddenConfig(uint32 maxSupply) internal pure returns (ICollection.EditionConfig memory) {
        return ICollection.EditionConfig({
            name: "Moon Rabbit",
            maxSupply: maxSupply,
            kind: ICollection.EditionKind.Hidden,
            uri: "",
            uriCommitment: keccak256(bytes("ipfs://moon")),
            walletCap: 0,
            soulbound: false
        });
    }

    function createEdition(ICollection.EditionConfig memory config) internal returns (uint32 id) {
        vm.prank(issuer);
        id = col.createEdition(config);
    }

    function createLimited(uint32 maxSupply) internal returns (uint32) {
        return createEdition(limitedConfig(maxSupply));
    }

    function createHidden(uint32 maxSupply) internal returns (uint32) {
        return createEdition(hiddenConfig(maxSupply));
    }

    function mint(uint32 editionId, address[] memory to) internal returns (uint256 first) {
        vm.prank(minter);
        first = col.mintBatch(editionId, to);
    }

    function mintOne(uint32 editionId, address to) internal returns (uint256) {
        return mint(editionId, one(to));
    }

    // ---------------------------------------------------------------------------- drops

    function dropConfig(uint32[] memory editionIds, uint32[] memory counts)
        internal
        view
        returns (ICollection.DropConfig memory)
    {
        return ICollection.DropConfig({
            name: "Spring box",
            editionIds: editionIds,
            counts: counts,
            commitment: keccak256(abi.encode(SECRET)),
            opensAt: uint64(block.timestamp),
            closesAt: uint64(block.timestamp + 7 days),
            walletCap: 0,
            placeholderURI: PLACEHOLDER
        });
    }

    function createDrop(uint32[] memory editionIds, uint32[] memory counts) internal returns (uint32 id) {
        ICollection.DropConfig memory config = dropConfig(editionIds, counts);
        vm.prank(issuer);
        id = col.createDrop(config);
    }

    function mintBoxes(uint32 dropId, address[] memory to) internal returns (uint256 first) {
        vm.prank(minter);
        first = col.mintBoxes(dropId, to);
    }

    /// @dev Closes `dropId` with the secret (after `closesAt` if boxes are left), mines the reveal
    /// block with a known hash, and reveals.
    function closeAndReveal(uint32 dropId, bytes32 revealBlockHash) internal returns (bytes32 seed) {
        ICollection.Drop memory d = col.drop(dropId);
        if (d.minted < d.boxCount && block.timestamp < d.closesAt) vm.warp(d.closesAt);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 revealBlock = col.drop(dropId).revealBlock;
        vm.roll(revealBlock + 1);
        vm.setBlockhash(revealBlock, revealBlockHash);
        col.reveal(dropId);
        seed = col.drop(dropId).seed;
    }
}
