// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Collection} from "../../contracts/collection/Collection.sol";
import {CollectionSetup} from "../../contracts/collection/CollectionSetup.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {IERC5192} from "../../contracts/collection/IERC5192.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";
import {Vm} from "./utils/Vm.sol";

contract CollectionInitTest is CollectionFixture {
    function test_initialize_setsEverything() public view {
        assertEq(col.name(), "Jade Rabbit");
        assertEq(col.symbol(), "JADE");
        assertEq(col.contractURI(), "ipfs://collection");
        assertEq(col.registry(), address(reg));
        assertEq(col.holdingPeriod(), HOLD);
        assertEq(col.maxTransfers(), 3);
        assertFalse(col.paused());
        assertEq(col.totalSupply(), 0);
        assertTrue(col.hasRole(col.DEFAULT_ADMIN_ROLE(), issuer));
        assertTrue(col.hasRole(col.ISSUER_ROLE(), issuer));
        assertTrue(col.hasRole(col.MINTER_ROLE(), issuer));
        assertEq(col.ISSUER_ROLE(), keccak256("ISSUER_ROLE"));
        assertEq(col.MINTER_ROLE(), keccak256("MINTER_ROLE"));
        assertEq(col.REVEAL_DEADLINE(), 7 days);
        (address receiver, uint256 amount) = col.royaltyInfo(tid(1, 1), 10_000);
        assertEq(receiver, royaltyReceiver);
        assertEq(amount, 500);
    }

    function test_initialize_emits() public {
        Collection c = Collection(Clones.clone(address(impl)));
        vm.expectEmit(true, true, true, true, address(c));
        emit ICollection.TransferPolicyUpdated(HOLD, 3);
        vm.expectEmit(true, true, true, true, address(c));
        emit ICollection.DefaultRoyaltyUpdated(royaltyReceiver, 500);
        vm.expectEmit(true, true, true, true, address(c));
        emit ICollection.ContractURIUpdated();
        c.initialize(initParams());
    }

    function test_initialize_onlyOnce() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        col.initialize(initParams());
    }

    function test_initialize_implementationIsLocked() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(initParams());
    }

    function test_setupModule_isLockedAndPowerless() public {
        CollectionSetup setup = CollectionSetup(impl.setupModule());
        assertGt(address(setup).code.length, 0, "module deployed");
        assertEq(col.setupModule(), address(setup));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        setup.initialize(initParams());
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, issuer, keccak256("ISSUER_ROLE")
            )
        );
        setup.createEdition(limitedConfig(10));
    }

    function test_initialize_rejectsZeroAddresses() public {
        Collection c = Collection(Clones.clone(address(impl)));
        ICollection.InitParams memory p = initParams();
        p.registry = address(0);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        c.initialize(p);
        p = initParams();
        p.issuer = address(0);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        c.initialize(p);
        p = initParams();
        p.royaltyReceiver = address(0);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        c.initialize(p);
    }

    function test_initialize_rejectsHighRoyalty() public {
        Collection c = Collection(Clones.clone(address(impl)));
        ICollection.InitParams memory p = initParams();
        p.royaltyBps = 1001;
        vm.expectRevert(abi.encodeWithSelector(ICollection.RoyaltyTooHigh.selector, 1001, 1000));
        c.initialize(p);
    }

    function test_supportsInterface() public view {
        assertTrue(col.supportsInterface(0x01ffc9a7), "ERC-165");
        assertTrue(col.supportsInterface(0x80ac58cd), "ERC-721");
        assertTrue(col.supportsInterface(0x5b5e139f), "ERC-721 Metadata");
        assertTrue(col.supportsInterface(type(IERC2981).interfaceId), "ERC-2981");
        assertTrue(col.supportsInterface(0x49064906), "ERC-4906");
        assertTrue(col.supportsInterface(0xb45a3c0e), "ERC-5192");
        assertTrue(col.supportsInterface(type(IERC5192).interfaceId), "ERC-5192 id");
        assertTrue(col.supportsInterface(type(IAccessControl).interfaceId), "AccessControl");
        assertTrue(col.supportsInterface(type(ICollection).interfaceId), "ICollection");
        assertFalse(col.supportsInterface(0xffffffff), "0xffffffff");
        assertFalse(col.supportsInterface(0x12345678), "random");
    }

    function test_setContractURI() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.ContractURIUpdated();
        vm.prank(issuer);
        col.setContractURI("ipfs://new");
        assertEq(col.contractURI(), "ipfs://new");
    }

    function test_setTransferPolicy() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.TransferPolicyUpdated(0, 0);
        vm.prank(issuer);
        col.setTransferPolicy(0, 0);
        assertEq(col.holdingPeriod(), 0);
        assertEq(col.maxTransfers(), 0);
    }
}

contract CollectionEditionsTest is CollectionFixture {
    // -------------------------------------------------------------------------- creation

    function test_createEdition_limited() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.EditionCreated(1, "Jade Rabbit", 8888, ICollection.EditionKind.Limited, false);
        uint32 id = createLimited(8888);
        assertEq(id, 1);
        ICollection.Edition memory e = col.edition(id);
        assertEq(e.name, "Jade Rabbit");
        assertEq(e.maxSupply, 8888);
        assertEq(e.allocated, 0);
        assertEq(e.minted, 0);
        assertEq(e.burned, 0);
        assertTrue(e.kind == ICollection.EditionKind.Limited);
        assertFalse(e.soulbound);
        assertTrue(e.uriRevealed);
        assertEq(e.walletCap, 0);
        assertEq(e.uri, "ipfs://jade");
        assertEq(e.uriCommitment, bytes32(0));
        assertTrue(col.seriesKind(id) == ICollection.SeriesKind.Edition);
        assertTrue(col.seriesKind(2) == ICollection.SeriesKind.None);
    }

    function test_createEdition_hidden() public {
        uint32 id = createHidden(88);
        ICollection.Edition memory e = col.edition(id);
        assertTrue(e.kind == ICollection.EditionKind.Hidden);
        assertFalse(e.uriRevealed);
        assertEq(e.uri, "");
        assertEq(e.uriCommitment, keccak256(bytes("ipfs://moon")));
    }

    function test_createEdition_idsShareOneCounterWithDrops() public {
        uint32 a = createLimited(10);
        uint32 d = createDrop(u32s(a), u32s(5));
        uint32 b = createLimited(10);
        assertEq(a, 1);
        assertEq(d, 2);
        assertEq(b, 3);
    }

    function _expectInvalidEdition(ICollection.EditionConfig memory c, string memory reason) internal {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidEditionConfig.selector, reason));
        col.createEdition(c);
    }

    function test_createEdition_rejectsInvalidConfigs() public {
        ICollection.EditionConfig memory c = limitedConfig(0);
        _expectInvalidEdition(c, "zero max supply");
        c = limitedConfig(10);
        c.uri = "";
        _expectInvalidEdition(c, "limited without uri");
        c = limitedConfig(10);
        c.uriCommitment = keccak256("x");
        _expectInvalidEdition(c, "limited with commitment");
        c = hiddenConfig(10);
        c.uri = "ipfs://moon";
        _expectInvalidEdition(c, "hidden with uri");
        c = hiddenConfig(10);
        c.uriCommitment = bytes32(0);
        _expectInvalidEdition(c, "hidden without commitment");
    }

    function test_edition_revertsForUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 7));
        col.edition(7);
        uint32 a = createLimited(10);
        uint32 d = createDrop(u32s(a), u32s(5));
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, d));
        col.edition(d);
    }

    // ---------------------------------------------------------------------------- URIs

    function test_setEditionURI_emitsMetadataUpdates() public {
        uint32 id = createLimited(100);
        uint32 dropId = createDrop(u32s(id), u32s(10));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.EditionURIUpdated(id, "ipfs://jade2");
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC4906.BatchMetadataUpdate(tid(id, 1), tid(id, 100));
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC4906.BatchMetadataUpdate(tid(dropId, 1), tid(dropId, 10));
        vm.prank(issuer);
        col.setEditionURI(id, "ipfs://jade2");
        assertEq(col.edition(id).uri, "ipfs://jade2");
    }

    /// @dev ERC-4906: where a change concerns exactly one token, `MetadataUpdate(tokenId)` is
    /// emitted instead of a `BatchMetadataUpdate` over a range of one; other ranges stay batches.
    function test_setEditionURI_singleTokenRangesEmitMetadataUpdate() public {
        uint32 oneOfOne = createLimited(1);
        uint32 pair = createLimited(2);
        uint32 dropId = createDrop(u32s(pair), u32s(1)); // one box holding the pair's serial 1
        vm.recordLogs();
        vm.prank(issuer);
        col.setEditionURI(oneOfOne, "ipfs://one");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2, "EditionURIUpdated and one metadata event");
        _assertMetadataUpdate(logs[1], tid(oneOfOne, 1));

        vm.recordLogs();
        vm.prank(issuer);
        col.setEditionURI(pair, "ipfs://pair");
        logs = vm.getRecordedLogs();
        assertEq(logs.length, 3, "EditionURIUpdated, the edition's batch, the drop's single box");
        assertEq(logs[1].topics[0], IERC4906.BatchMetadataUpdate.selector);
        assertEq(logs[1].data, abi.encode(tid(pair, 1), tid(pair, 2)));
        _assertMetadataUpdate(logs[2], tid(dropId, 1));
    }

    function test_revealEditionURI_oneOfOneEmitsMetadataUpdate() public {
        uint32 id = createHidden(1);
        vm.recordLogs();
        vm.prank(stranger);
        col.revealEditionURI(id, "ipfs://moon");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2);
        _assertMetadataUpdate(logs[1], tid(id, 1));
    }

    function _assertMetadataUpdate(Vm.Log memory entry, uint256 tokenId) internal view {
        assertEq(entry.emitter, address(col));
        assertEq(entry.topics.length, 1, "MetadataUpdate has no indexed argument");
        assertEq(entry.topics[0], IERC4906.MetadataUpdate.selector);
        assertEq(entry.data, abi.encode(tokenId));
    }

    function test_setEditionURI_rejectsUnrevealedHiddenAndEmpty() public {
        uint32 hidden = createHidden(10);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidEditionConfig.selector, "hidden uri not revealed"));
        col.setEditionURI(hidden, "ipfs://cheat");
        uint32 limited = createLimited(10);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidEditionConfig.selector, "empty uri"));
        col.setEditionURI(limited, "");
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 99));
        col.setEditionURI(99, "ipfs://x");
    }

    function test_revealEditionURI_byAnyoneWithTheCommittedURI() public {
        uint32 id = createHidden(10);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICollection.URICommitmentMismatch.selector, id));
        col.revealEditionURI(id, "ipfs://other");
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.EditionURIUpdated(id, "ipfs://moon");
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC4906.BatchMetadataUpdate(tid(id, 1), tid(id, 10));
        vm.prank(stranger);
        col.revealEditionURI(id, "ipfs://moon");
        ICollection.Edition memory e = col.edition(id);
        assertTrue(e.uriRevealed);
        assertEq(e.uri, "ipfs://moon");
        vm.expectRevert(abi.encodeWithSelector(ICollection.URIAlreadyRevealed.selector, id));
        col.revealEditionURI(id, "ipfs://moon");
        // A revealed hidden edition's URI can then be replaced by the issuer.
        vm.prank(issuer);
        col.setEditionURI(id, "ipfs://moon2");
        assertEq(col.edition(id).uri, "ipfs://moon2");
    }

    function test_revealEditionURI_rejectsLimited() public {
        uint32 id = createLimited(10);
        vm.expectRevert(abi.encodeWithSelector(ICollection.URIAlreadyRevealed.selector, id));
        col.revealEditionURI(id, "ipfs://jade");
    }

    function test_tokenURI() public {
        uint32 limited = createLimited(10);
        uint256 id = mintOne(limited, alice);
        assertEq(col.tokenURI(id), "ipfs://jade");
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id + 1));
        col.tokenURI(id + 1);
    }

    // ---------------------------------------------------------------------------- minting

    function test_mintBatch_mintsConsecutiveSerials() public {
        uint32 ed = createLimited(8888);
        address[] memory to = new address[](3);
        to[0] = alice;
        to[1] = bob;
        to[2] = alice;
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(address(0), alice, tid(ed, 1));
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(address(0), bob, tid(ed, 2));
        uint256 first = mint(ed, to);
        assertEq(first, tid(ed, 1));
        assertEq(col.ownerOf(tid(ed, 1)), alice);
        assertEq(col.ownerOf(tid(ed, 2)), bob);
        assertEq(col.ownerOf(tid(ed, 3)), alice);
        assertEq(col.balanceOf(alice), 2);
        assertEq(col.totalSupply(), 3);
        ICollection.Edition memory e = col.edition(ed);
        assertEq(e.allocated, 3);
        assertEq(e.minted, 3);
        (uint32 editionId, uint32 serial, uint32 maxSupply) = col.serialOf(tid(ed, 2));
        assertEq(editionId, ed);
        assertEq(serial, 2);
        assertEq(maxSupply, 8888);
        assertEq(mintOne(ed, carol), tid(ed, 4));
    }

    function test_mintBatch_recordsAcquisition() public {
        uint32 ed = createLimited(10);
        uint256 id = mintOne(ed, alice);
        ICollection.TokenState memory s = col.tokenState(id);
        assertEq(s.owner, alice);
        assertEq(s.acquiredAt, T0);
        assertEq(s.transferCount, 0);
        assertFalse(s.frozen);
        assertEq(col.transferableAt(id), T0 + HOLD);
        assertFalse(col.locked(id));
    }

    function test_mintBatch_soulboundEmitsLocked() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.soulbound = true;
        uint32 ed = createEdition(c);
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(address(0), alice, tid(ed, 1));
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC5192.Locked(tid(ed, 1));
        mintOne(ed, alice);
        assertTrue(col.locked(tid(ed, 1)));
    }

    function test_mintBatch_soldOutIsAllOrNothing() public {
        uint32 ed = createLimited(3);
        mint(ed, two(alice, bob));
        address[] memory to = two(alice, bob);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.EditionSoldOut.selector, ed, 3, 2, 1));
        col.mintBatch(ed, to);
        assertEq(col.edition(ed).allocated, 2);
        mintOne(ed, carol);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.EditionSoldOut.selector, ed, 3, 1, 0));
        col.mintBatch(ed, one(alice));
    }

    function test_mintBatch_rejectsUnverifiedRecipientAtomically() public {
        uint32 ed = createLimited(10);
        vm.prank(minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, stranger, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        col.mintBatch(ed, two(alice, stranger));
        assertEq(col.totalSupply(), 0);
        assertEq(col.edition(ed).allocated, 0);
    }

    function test_mintBatch_rejectsExpiredAndFrozenRecipients() public {
        uint32 ed = createLimited(10);
        vm.prank(compliance);
        reg.setAccountFreeze(one(bob), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.prank(minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, bob, IConsortiumRegistry.UnverifiedReason.IssuerFrozen
            )
        );
        col.mintBatch(ed, one(bob));
        vm.warp(KYC_UNTIL);
        vm.prank(minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, alice, IConsortiumRegistry.UnverifiedReason.KycExpired
            )
        );
        col.mintBatch(ed, one(alice));
    }

    function test_mintBatch_rejectsZeroAddressRecipient() public {
        uint32 ed = createLimited(10);
        vm.prank(minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, address(0), IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        col.mintBatch(ed, one(address(0)));
    }

    function test_mintBatch_rejectsDirtyAddressBits() public {
        uint32 ed = createLimited(10);
        bytes memory data = abi.encodeCall(col.mintBatch, (ed, one(alice)));
        data[4 + 32 * 3 + 11] = 0x01; // a non-zero byte above the 160 address bits of recipients[0]
        vm.prank(minter);
        (bool ok,) = address(col).call(data);
        assertFalse(ok, "an ill-formed address must not be minted to");
    }

    function test_mintBatch_rejectsEmptyBatch() public {
        uint32 ed = createLimited(10);
        vm.prank(minter);
        vm.expectRevert(ICollection.EmptyBatch.selector);
        col.mintBatch(ed, new address[](0));
    }

    function test_mintBatch_rejectsUnknownAndHidden() public {
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 5));
        col.mintBatch(5, one(alice));
        uint32 hidden = createHidden(10);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.EditionNotDirectlyMintable.selector, hidden));
        col.mintBatch(hidden, one(alice));
    }

    function test_mintBatch_rejectsWhilePaused() public {
        uint32 ed = createLimited(10);
        vm.prank(issuer);
        col.pause();
        vm.prank(minter);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.mintBatch(ed, one(alice));
    }

    function test_mintBatch_walletCap() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.walletCap = 2;
        uint32 ed = createEdition(c);
        mint(ed, two(alice, bob));
        address[] memory to = two(carol, alice);
        mint(ed, to);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.WalletCapExceeded.selector, ed, alice, 2));
        col.mintBatch(ed, one(alice));
        // Duplicates inside one batch count too.
        address[] memory three = new address[](3);
        three[0] = bob;
        three[1] = carol;
        three[2] = bob;
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.WalletCapExceeded.selector, ed, bob, 2));
        col.mintBatch(ed, three);
    }

    function test_serialOf_revertsForUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, tid(1, 1)));
        col.serialOf(tid(1, 1));
    }

    function test_tokenViews_revertForUnknownToken() public {
        uint256 id = tid(3, 3);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id));
        col.tokenState(id);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id));
        col.transferableAt(id);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id));
        col.locked(id);
    }

    // --------------------------------------------------------------------------- royalties

    function test_royalties_defaultAndEditionOverride() public {
        uint32 a = createLimited(10);
        uint32 b = createLimited(10);
        uint256 ta = mintOne(a, alice);
        uint256 tb = mintOne(b, alice);
        address bank = makeAddr("bank");
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.EditionRoyaltyUpdated(a, bank, 1000);
        vm.prank(issuer);
        col.setEditionRoyalty(a, bank, 1000);
        (address r, uint256 amount) = col.royaltyInfo(ta, 1 ether);
        assertEq(r, bank);
        assertEq(amount, 0.1 ether);
        (r, amount) = col.royaltyInfo(tb, 1 ether);
        assertEq(r, royaltyReceiver);
        assertEq(amount, 0.05 ether);
        // A royalty-free override, then removing the override.
        vm.prank(issuer);
        col.setEditionRoyalty(a, bank, 0);
        (r, amount) = col.royaltyInfo(ta, 1 ether);
        assertEq(r, bank);
        assertEq(amount, 0);
        vm.prank(issuer);
        col.setEditionRoyalty(a, address(0), 0);
        (r,) = col.royaltyInfo(ta, 1 ether);
        assertEq(r, royaltyReceiver);
    }

    function test_setDefaultRoyalty() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DefaultRoyaltyUpdated(alice, 250);
        vm.prank(issuer);
        col.setDefaultRoyalty(alice, 250);
        (address r, uint256 amount) = col.royaltyInfo(tid(1, 1), 10_000);
        assertEq(r, alice);
        assertEq(amount, 250);
        vm.prank(issuer);
        col.setDefaultRoyalty(address(0), 0);
        (r, amount) = col.royaltyInfo(tid(1, 1), 10_000);
        assertEq(r, address(0));
        assertEq(amount, 0);
    }

    function test_royalties_rejectTooHighAndMissingReceiver() public {
        uint32 a = createLimited(10);
        vm.startPrank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RoyaltyTooHigh.selector, 1001, 1000));
        col.setDefaultRoyalty(alice, 1001);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RoyaltyTooHigh.selector, 1001, 1000));
        col.setEditionRoyalty(a, alice, 1001);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        col.setDefaultRoyalty(address(0), 1);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        col.setEditionRoyalty(a, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 9));
        col.setEditionRoyalty(9, alice, 1);
        vm.stopPrank();
    }

    event Transfer(address indexed from, address indexed to, uint256 indexed id);
}
