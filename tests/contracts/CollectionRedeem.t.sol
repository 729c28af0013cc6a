// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/tokens/ERC721.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {IERC5192} from "../../contracts/collection/IERC5192.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";

/// @dev A holder contract that accepts tokens and remembers the last callback.
contract GoodReceiver {
    address public lastOperator;
    address public lastFrom;
    uint256 public lastTokenId;
    uint256 public calls;

    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata)
        external
        returns (bytes4)
    {
        lastOperator = operator;
        lastFrom = from;
        lastTokenId = tokenId;
        ++calls;
        return this.onERC721Received.selector;
    }

    function redeem(ICollection c, uint32 recipeId, uint256[] calldata tokenIds) external returns (uint256) {
        return c.redeem(recipeId, tokenIds);
    }
}

/// @dev A holder contract that cannot receive tokens safely.
contract PlainHolder {
    function redeem(ICollection c, uint32 recipeId, uint256[] calldata tokenIds) external returns (uint256) {
        return c.redeem(recipeId, tokenIds);
    }
}

contract CollectionRedeemTest is CollectionFixture {
    uint32 internal a;
    uint32 internal b;
    uint32 internal reward;
    uint32 internal recipeId;

    function setUp() public override {
        super.setUp();
        a = createLimited(100);
        b = createLimited(100);
        reward = createHidden(2);
        vm.prank(issuer);
        recipeId = col.createRecipe(u32s(a, b), reward);
    }

    function _set(address holder) internal returns (uint256[] memory) {
        return ids(mintOne(a, holder), mintOne(b, holder));
    }

    // ---------------------------------------------------------------------------- recipes

    function test_createRecipe() public {
        uint32[] memory eds = u32s(a, b);
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.RecipeCreated(2, eds, reward);
        vm.prank(issuer);
        assertEq(col.createRecipe(eds, reward), 2);
        ICollection.Recipe memory r = col.recipe(2);
        assertEq(r.editionIds.length, 2);
        assertEq(r.editionIds[1], b);
        assertEq(r.rewardEditionId, reward);
        assertTrue(r.active);
    }

    function test_createRecipe_rejections() public {
        vm.startPrank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidRecipe.selector, "2 to 16 editions"));
        col.createRecipe(u32s(a), reward);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidRecipe.selector, "2 to 16 editions"));
        col.createRecipe(new uint32[](17), reward);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 40));
        col.createRecipe(u32s(a, 40), reward);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 41));
        col.createRecipe(u32s(a, b), 41);
        vm.stopPrank();
    }

    function test_setRecipeActive() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.RecipeActiveChanged(recipeId, false);
        vm.prank(issuer);
        col.setRecipeActive(recipeId, false);
        assertFalse(col.recipe(recipeId).active);
        uint256[] memory set = _set(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RecipeInactive.selector, recipeId));
        col.redeem(recipeId, set);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownRecipe.selector, 9));
        col.setRecipeActive(9, true);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownRecipe.selector, 9));
        col.recipe(9);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownRecipe.selector, 9));
        col.redeem(9, set);
    }

    // ----------------------------------------------------------------------------- redeem

    function test_redeem_burnsTheSetAndMintsTheReward() public {
        uint256[] memory set = _set(alice);
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(alice, address(0), set[0]);
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(alice, address(0), set[1]);
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.SetRedeemed(recipeId, alice, set, tid(reward, 1));
        vm.expectEmit(true, true, true, true, address(col));
        emit Transfer(address(0), alice, tid(reward, 1));
        vm.prank(alice);
        uint256 rewardId = col.redeem(recipeId, set);
        assertEq(rewardId, tid(reward, 1));
        assertEq(col.ownerOf(rewardId), alice);
        assertEq(col.balanceOf(alice), 1);
        assertEq(col.totalSupply(), 1);
        assertEq(col.edition(a).burned, 1);
        assertEq(col.edition(b).burned, 1);
        ICollection.Edition memory r = col.edition(reward);
        assertEq(r.minted, 1);
        assertEq(r.allocated, 1);
        (uint32 editionId, uint32 serial, uint32 maxSupply) = col.serialOf(rewardId);
        assertEq(editionId, reward);
        assertEq(serial, 1);
        assertEq(maxSupply, 2);
        assertEq(col.tokenState(rewardId).acquiredAt, T0);
        assertEq(col.tokenURI(rewardId), "", "hidden edition URI not revealed yet");
    }

    function test_redeem_rewardSupplyCapHolds() public {
        uint256[] memory s1 = _set(alice);
        uint256[] memory s2 = _set(bob);
        uint256[] memory s3 = _set(carol);
        vm.prank(alice);
        col.redeem(recipeId, s1);
        vm.prank(bob);
        col.redeem(recipeId, s2);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(ICollection.EditionSoldOut.selector, reward, 2, 1, 0));
        col.redeem(recipeId, s3);
        assertEq(col.ownerOf(s3[0]), carol, "nothing burned");
    }

    function test_redeem_rewardWalletCap() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.walletCap = 1;
        uint32 capped = createEdition(c);
        vm.prank(issuer);
        uint32 r = col.createRecipe(u32s(a, b), capped);
        uint256[] memory s1 = _set(alice);
        uint256[] memory s2 = _set(alice);
        vm.prank(alice);
        col.redeem(r, s1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.WalletCapExceeded.selector, capped, alice, 1));
        col.redeem(r, s2);
    }

    function test_redeem_soulboundRewardEmitsLocked() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.soulbound = true;
        uint32 badge = createEdition(c);
        vm.prank(issuer);
        uint32 r = col.createRecipe(u32s(a, b), badge);
        uint256[] memory set = _set(alice);
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC5192.Locked(tid(badge, 1));
        vm.prank(alice);
        uint256 rewardId = col.redeem(r, set);
        assertTrue(col.locked(rewardId));
    }

    function test_redeem_checksEveryToken() public {
        uint256[] memory set = _set(alice);
        uint256 bobs = mintOne(a, bob);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.SetMismatch.selector, recipeId, 0, set[1], a));
        col.redeem(recipeId, ids(set[1], set[0]));
        vm.expectRevert(abi.encodeWithSelector(ICollection.NotTokenOwner.selector, bobs, alice, bob));
        col.redeem(recipeId, ids(bobs, set[1]));
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, tid(a, 99)));
        col.redeem(recipeId, ids(tid(a, 99), set[1]));
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, set[0]));
        col.redeem(recipeId, ids(set[0], set[0]));
        uint256[] memory short = new uint256[](1);
        short[0] = set[0];
        vm.expectRevert(abi.encodeWithSelector(ICollection.SetMismatch.selector, recipeId, 1, 0, b));
        col.redeem(recipeId, short);
        uint256[] memory long = new uint256[](3);
        long[0] = set[0];
        long[1] = set[1];
        long[2] = bobs;
        vm.expectRevert(abi.encodeWithSelector(ICollection.SetMismatch.selector, recipeId, 2, bobs, 0));
        col.redeem(recipeId, long);
        vm.stopPrank();
    }

    function test_redeem_rejectsFrozenTokenPauseAndUnverifiedCaller() public {
        uint256[] memory set = _set(alice);
        vm.prank(compliance);
        col.setTokenFrozen(set[1], true, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.TokenFrozen.selector, set[1]));
        col.redeem(recipeId, set);
        vm.prank(compliance);
        col.setTokenFrozen(set[1], false, 0);
        vm.prank(compliance);
        col.pause();
        vm.prank(alice);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.redeem(recipeId, set);
        vm.prank(compliance);
        col.unpause();
        vm.prank(issuer);
        reg.setAccountFreeze(one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector,
                alice,
                IConsortiumRegistry.UnverifiedReason.IssuerFrozen
            )
        );
        col.redeem(recipeId, set);
    }

    function test_redeem_ignoresHoldingPeriodAndBurnsSoulboundInputs() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.soulbound = true;
        uint32 sb = createEdition(c);
        vm.prank(issuer);
        uint32 r = col.createRecipe(u32s(sb, a), reward);
        uint256[] memory set = ids(mintOne(sb, alice), mintOne(a, alice));
        vm.prank(alice);
        col.redeem(r, set); // minted this very second: redemption is not a transfer
        assertEq(col.edition(sb).burned, 1);
    }

    function test_redeem_boxesCountAsTheirRevealedEdition() public {
        uint32 dropId = createDrop(u32s(a, b), u32s(1, 1));
        mintBoxes(dropId, two(alice, alice));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotRevealed.selector, dropId));
        col.redeem(recipeId, ids(tid(dropId, 1), tid(dropId, 2)));
        closeAndReveal(dropId, keccak256("h"));
        (uint32 first,,) = col.serialOf(tid(dropId, 1));
        uint256[] memory set = first == a ? ids(tid(dropId, 1), tid(dropId, 2)) : ids(tid(dropId, 2), tid(dropId, 1));
        vm.prank(alice);
        col.redeem(recipeId, set);
        assertEq(col.edition(a).burned, 1);
        assertEq(col.edition(b).burned, 1);
        assertEq(col.edition(a).minted, 1);
    }

    function test_redeem_contractReceiverGetsCallback() public {
        GoodReceiver holder = new GoodReceiver();
        verify(address(holder));
        uint256[] memory set = _set(address(holder));
        uint256 rewardId = holder.redeem(col, recipeId, set);
        assertEq(holder.calls(), 1);
        assertEq(holder.lastOperator(), address(holder));
        assertEq(holder.lastFrom(), address(0));
        assertEq(holder.lastTokenId(), rewardId);
    }

    function test_redeem_contractWithoutReceiverIsRefused() public {
        PlainHolder holder = new PlainHolder();
        verify(address(holder));
        uint256[] memory set = _set(address(holder));
        vm.expectRevert(ERC721.TransferToNonERC721ReceiverImplementer.selector);
        holder.redeem(col, recipeId, set);
    }

    event Transfer(address indexed from, address indexed to, uint256 indexed id);
}
