// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {Collection} from "../../../contracts/collection/Collection.sol";
import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {CollectionFactory} from "../../../contracts/factory/CollectionFactory.sol";
import {ICollectionFactory} from "../../../contracts/factory/ICollectionFactory.sol";
import {MarketBase} from "./MarketBase.sol";

contract CollectionFactoryTest is MarketBase {
    address internal bankB = makeAddr("bankB");

    function setUp() public override {
        super.setUp();
        vm.startPrank(admin);
        reg.grantRole(reg.ISSUER_ROLE(), bankB);
        vm.stopPrank();
    }

    function test_constructor_setsImplementationAndRegistry() public view {
        assertEq(factory.implementation(), address(impl));
        assertEq(factory.registry(), address(reg));
    }

    function test_createCollection_deploysAnInitializedClone() public {
        ICollection.InitParams memory p = _params(bankB, "Moon Rabbit");
        vm.recordLogs();
        vm.prank(bankB);
        address c = factory.createCollection(p);

        // EIP-1167: 45 bytes of runtime code embedding the implementation's address.
        bytes memory code = c.code;
        assertEq(code.length, 45);
        assertEq(keccak256(code), keccak256(_eip1167(address(impl))));

        Collection clone = Collection(c);
        assertEq(clone.name(), "Moon Rabbit");
        assertEq(clone.symbol(), "BANK");
        assertEq(clone.contractURI(), "ipfs://collection");
        assertEq(clone.registry(), address(reg));
        assertEq(clone.holdingPeriod(), HOLDING);
        assertTrue(clone.hasRole(clone.DEFAULT_ADMIN_ROLE(), bankB));
        assertTrue(clone.hasRole(clone.ISSUER_ROLE(), bankB));
        assertTrue(clone.hasRole(clone.MINTER_ROLE(), bankB));
        assertFalse(clone.hasRole(clone.ISSUER_ROLE(), address(factory)), "the factory keeps no role");
        (address receiver, uint256 royalty) = clone.royaltyInfo(1, 10_000);
        assertEq(receiver, artist);
        assertEq(royalty, ROYALTY_BPS);
    }

    function test_createCollection_emitsCollectionCreated() public {
        // The clone's address is the factory's next CREATE address; check everything but topic 1.
        vm.expectEmit(false, true, false, true, address(factory));
        emit ICollectionFactory.CollectionCreated(address(0), bankB, "Moon Rabbit", "BANK");
        vm.prank(bankB);
        factory.createCollection(_params(bankB, "Moon Rabbit"));
    }

    function test_createCollection_forcesTheFactorysRegistry() public {
        ICollection.InitParams memory p = _params(bankB, "Moon Rabbit");
        p.registry = makeAddr("rogueRegistry");
        vm.prank(bankB);
        address c = factory.createCollection(p);
        assertEq(ICollection(c).registry(), address(reg));
    }

    function test_createCollection_updatesTheCatalog() public {
        uint256 before = factory.collectionCount(); // the base collection of `issuer`
        vm.prank(bankB);
        address b1 = factory.createCollection(_params(bankB, "B1"));
        vm.prank(issuer);
        address a2 = factory.createCollection(_params(issuer, "A2"));
        vm.prank(bankB);
        address b2 = factory.createCollection(_params(bankB, "B2"));

        assertEq(factory.collectionCount(), before + 3);
        assertEq(factory.collectionAt(0), address(col));
        assertEq(factory.collectionAt(before), b1);
        assertEq(factory.collectionAt(before + 1), a2);
        assertEq(factory.collectionAt(before + 2), b2);
        assertTrue(factory.isCollection(b1) && factory.isCollection(a2) && factory.isCollection(b2));
        assertFalse(factory.isCollection(address(impl)));
        assertFalse(factory.isCollection(address(0)));

        address[] memory ofB = factory.collectionsOf(bankB);
        assertEq(ofB.length, 2);
        assertEq(ofB[0], b1);
        assertEq(ofB[1], b2);
        address[] memory ofA = factory.collectionsOf(issuer);
        assertEq(ofA.length, 2);
        assertEq(ofA[0], address(col));
        assertEq(ofA[1], a2);
        assertEq(factory.collectionsOf(stranger).length, 0);
    }

    function test_collectionAt_revertsOutOfRange() public {
        uint256 n = factory.collectionCount();
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x32));
        factory.collectionAt(n);
    }

    function test_createCollection_revertsForNonIssuer() public {
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.NotIssuer.selector, alice));
        vm.prank(alice);
        factory.createCollection(_params(alice, "X"));
    }

    function test_createCollection_revertsForRevokedIssuer() public {
        vm.startPrank(admin);
        reg.revokeRole(reg.ISSUER_ROLE(), bankB);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.NotIssuer.selector, bankB));
        vm.prank(bankB);
        factory.createCollection(_params(bankB, "X"));
    }

    function test_createCollection_revertsWhenCreatingForAnotherIssuer() public {
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.IssuerMismatch.selector, bankB, issuer));
        vm.prank(bankB);
        factory.createCollection(_params(issuer, "X"));
    }

    function test_createCollection_bubblesInitializerErrors() public {
        ICollection.InitParams memory p = _params(bankB, "X");
        p.royaltyBps = 1001;
        vm.expectRevert(abi.encodeWithSelector(ICollection.RoyaltyTooHigh.selector, 1001, 1000));
        vm.prank(bankB);
        factory.createCollection(p);
        assertEq(factory.collectionsOf(bankB).length, 0, "nothing recorded");
    }

    function test_clone_cannotBeInitializedAgain() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        col.initialize(_params(stranger, "Hijack"));
    }

    function test_implementation_cannotBeInitialized() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(_params(stranger, "Hijack"));
    }

    function test_clonesHaveSeparateState() public {
        Collection other = Collection(_createCollectionAs(bankB, "Other"));
        vm.prank(bankB);
        uint32 e = other.createEdition(_limited("Other", 10, false));
        uint256 id = _mintOf(other, e, alice, bankB);
        assertEq(other.ownerOf(id), alice);
        assertEq(other.totalSupply(), 1);
        assertEq(col.totalSupply(), 3, "the base collection is untouched");
        assertEq(col.ownerOf(id), alice, "same id, the base collection's own token");
        vm.expectRevert(abi.encodeWithSignature("TokenDoesNotExist()")); // solady's ERC721 error
        other.ownerOf(aliceToken2);
    }

    function _createCollectionAs(address who, string memory name) internal returns (address) {
        vm.prank(who);
        return factory.createCollection(_params(who, name));
    }

    function _mintOf(Collection c, uint32 edition, address to, address minter) internal returns (uint256 id) {
        vm.prank(minter);
        id = c.mintBatch(edition, _one(to));
    }

    function _eip1167(address target) internal pure returns (bytes memory) {
        return abi.encodePacked(hex"363d3d373d3d3d363d73", target, hex"5af43d82803e903d91602b57fd5bf3");
    }

    function test_constructor_revertsForZeroAddresses() public {
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.ZeroAddress.selector));
        new CollectionFactory(address(0), address(impl));
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.ZeroAddress.selector));
        new CollectionFactory(address(reg), address(0));
    }
}
