// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "solady/utils/ReentrancyGuard.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";
import {ReentrantReceiver} from "./attacks/ReentrantReceiver.sol";
import {SeedPredictor} from "./attacks/SeedPredictor.sol";

contract CollectionReentrancyTest is CollectionFixture {
    ReentrantReceiver internal attacker;
    uint32 internal a;
    uint32 internal b;
    uint32 internal reward;
    uint32 internal recipeId;
    uint32 internal dropId;

    function setUp() public override {
        super.setUp();
        a = createLimited(100);
        b = createLimited(100);
        reward = createLimited(10);
        dropId = createDrop(u32s(a), u32s(10));
        vm.prank(issuer);
        recipeId = col.createRecipe(u32s(a, b), reward);
        attacker = new ReentrantReceiver(col);
        verify(address(attacker));
        vm.prank(issuer);
        col.grantRole(minterRole(), address(attacker));
    }

    function minterRole() internal pure returns (bytes32) {
        return keccak256("MINTER_ROLE");
    }

    function _setFor(address holder) internal returns (uint256[] memory) {
        return ids(mintOne(a, holder), mintOne(b, holder));
    }

    function _redeemWith(ReentrantReceiver.Mode mode) internal {
        uint256[] memory first = _setFor(address(attacker));
        uint256[] memory second = _setFor(address(attacker));
        attacker.arm(mode, a, dropId, recipeId, second);
        vm.expectRevert(ReentrancyGuard.Reentrancy.selector);
        attacker.redeem(recipeId, first);
        // Nothing happened: the set is still held, no reward exists.
        assertEq(col.ownerOf(first[0]), address(attacker));
        assertEq(col.edition(reward).allocated, 0);
    }

    function test_reenterMintBatchFromRedeemCallback() public {
        _redeemWith(ReentrantReceiver.Mode.MintBatch);
    }

    function test_reenterMintBoxesFromRedeemCallback() public {
        _redeemWith(ReentrantReceiver.Mode.MintBoxes);
    }

    function test_reenterRedeemFromRedeemCallback() public {
        _redeemWith(ReentrantReceiver.Mode.Redeem);
    }

    function test_mintsToContractsMakeNoCallback() public {
        attacker.arm(ReentrantReceiver.Mode.MintBatch, a, dropId, recipeId, new uint256[](0));
        mintOne(a, address(attacker));
        mintBoxes(dropId, one(address(attacker)));
        assertEq(attacker.callbacks(), 0, "mintBatch and mintBoxes do not call receivers");
    }

    function test_unarmedReceiverRedeemsNormally() public {
        uint256[] memory set = _setFor(address(attacker));
        uint256 rewardId = attacker.redeem(recipeId, set);
        assertEq(col.ownerOf(rewardId), address(attacker));
        assertEq(attacker.callbacks(), 1);
    }
}

contract CollectionRevealAttackTest is CollectionFixture {
    SeedPredictor internal predictor;
    uint32 internal limited;
    uint32 internal hidden;
    uint32 internal dropId;

    function setUp() public override {
        super.setUp();
        limited = createLimited(1000);
        hidden = createHidden(10);
        dropId = createDrop(u32s(limited, hidden), u32s(90, 10));
        mintBoxes(dropId, two(alice, bob));
        predictor = new SeedPredictor(col);
        bytes32 issuerRole = col.ISSUER_ROLE();
        vm.prank(issuer);
        col.grantRole(issuerRole, address(predictor));
        vm.warp(T0 + 7 days);
        vm.setBlockhash(block.number - 1, keccak256("parent"));
    }

    function test_seedCannotBePredictedOrRevealedInTheClosingTransaction() public {
        predictor.closeAndPredict(dropId, SECRET);
        uint64 revealBlock = col.drop(dropId).revealBlock;
        assertEq(revealBlock, block.number + 1);
        assertEq(
            predictor.revealError(),
            abi.encodeWithSelector(ICollection.RevealTooEarly.selector, dropId, revealBlock),
            "the reveal must wait for a block that did not exist"
        );
        assertEq(
            predictor.moveError(),
            abi.encodeWithSelector(ICollection.NotConsortiumAuthority.selector, address(predictor)),
            "an issuer never moves the target"
        );
        vm.roll(revealBlock + 1);
        vm.setBlockhash(revealBlock, keccak256("a block nobody could see coming"));
        col.reveal(dropId);
        bytes32 seed = col.drop(dropId).seed;
        assertEq(predictor.parentHash(), keccak256("parent"), "the predictor had a real hash to use");
        assertTrue(seed != predictor.predictedWithParentHash(), "predicted with the parent block");
    }

    /// @dev The residual trust assumption of the reveal, shown rather than argued: a party that
    /// keeps every `reveal` out of the chain for the 256 blocks after the reveal block (the
    /// validator set, or the only gateway node) can compute the first outcome from public data and
    /// let the window lapse; a second draw then takes the consortium's regulator or operator, who
    /// alone may move the target. Inside the window the target cannot be moved, so one uncensored
    /// `reveal` by anyone ends the game.
    function test_censoringEveryRevealForTheWholeWindowGivesASecondDraw() public {
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 first = col.drop(dropId).revealBlock;
        bytes32 firstHash = keccak256("first reveal block");
        vm.roll(first + 1);
        vm.setBlockhash(first, firstHash);
        // The censor knows the first outcome: the secret is public since the close.
        bytes32 firstSeed = keccak256(abi.encode(SECRET, firstHash, block.chainid, address(col), dropId));
        uint256 snapshot = vm.snapshotState();
        vm.prank(stranger);
        col.reveal(dropId);
        assertEq(col.drop(dropId).seed, firstSeed, "what any uncensored reveal would have fixed");
        vm.revertToState(snapshot);

        // Every reveal is kept out; up to the window's last block the target cannot be moved.
        vm.roll(first + 256);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowOpen.selector, dropId, first));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
        vm.roll(first + 257);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowMissed.selector, dropId, first));
        col.reveal(dropId);

        // The window lapsed: neither the issuer that kept silent nor anyone else draws again alone.
        for (uint256 i; i < 3; ++i) {
            address caller = [issuer, stranger, compliance][i];
            vm.expectRevert(abi.encodeWithSelector(ICollection.NotConsortiumAuthority.selector, caller));
            vm.prank(caller);
            col.moveRevealTarget(dropId);
        }
        // The regulator (or the operator) moves the target, and the next block's hash draws again.
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropRevealTargetMoved(dropId, first + 258);
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
        uint64 second = col.drop(dropId).revealBlock;
        assertEq(second, first + 258);
        vm.roll(second + 1);
        bytes32 secondHash = keccak256("second reveal block");
        vm.setBlockhash(second, secondHash);
        col.reveal(dropId);
        bytes32 seed = col.drop(dropId).seed;
        assertEq(seed, keccak256(abi.encode(SECRET, secondHash, block.chainid, address(col), dropId)));
        assertTrue(seed != firstSeed, "a second draw, different from the outcome the censor saw");
    }

    function test_revealCannotBeRerolled() public {
        bytes32 seed = closeAndReveal(dropId, keccak256("first"));
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyRevealed.selector, dropId));
        col.reveal(dropId);
        vm.roll(block.number + 300);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyRevealed.selector, dropId));
        vm.prank(operator);
        col.moveRevealTarget(dropId);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyClosed.selector, dropId));
        col.closeDrop(dropId, SECRET);
        assertEq(col.drop(dropId).seed, seed);
    }

    function test_cannotCloseTwice() public {
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyClosed.selector, dropId));
        predictor.closeTwice(dropId, SECRET);
    }

    function test_issuerCannotChooseASecretAfterTheCommitment() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.SecretMismatch.selector, dropId));
        col.closeDrop(dropId, keccak256("a secret picked after seeing the buyers"));
    }

    /// @dev A re-roll needs every watcher silent for 256 blocks: one reveal in the window ends it.
    function test_watcherRevealPreventsReroll() public {
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 revealBlock = col.drop(dropId).revealBlock;
        vm.roll(revealBlock + 200);
        vm.setBlockhash(revealBlock, keccak256("h"));
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowOpen.selector, dropId, revealBlock));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
        vm.prank(stranger);
        col.reveal(dropId);
        vm.roll(revealBlock + 400);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyRevealed.selector, dropId));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
    }

    /// @dev The deadline path gives the issuer nothing: anyone closes, with the commitment as secret.
    function test_deadlinePathNeedsNoIssuer() public {
        vm.warp(T0 + 7 days + 7 days);
        vm.prank(stranger);
        col.closeDropAfterDeadline(dropId);
        uint64 revealBlock = col.drop(dropId).revealBlock;
        vm.roll(revealBlock + 1);
        bytes32 bh = keccak256("deadline block");
        vm.setBlockhash(revealBlock, bh);
        vm.prank(stranger);
        col.reveal(dropId);
        bytes32 expected = keccak256(abi.encode(keccak256(abi.encode(SECRET)), bh, block.chainid, address(col), dropId));
        assertEq(col.drop(dropId).seed, expected);
    }
}
