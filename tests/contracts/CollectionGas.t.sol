// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../contracts/collection/ICollection.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";

/// @notice Gas measurements printed with `forge test --match-contract CollectionGas -vv`. A
/// benchmark is not a test: nothing here asserts a gas figure (bench/gas_collection.py measures
/// receipts on Anvil). Each test does assert what its measured call must have done, after the
/// measurement, so that a figure never comes from a call that failed or did nothing. "tx gas" = 21,000 + calldata + the call's execution gas (`vm.lastCallGas`)
/// with every slot of the contracts cold (`vm.cool`), which is what a receipt reports.
contract CollectionGasTest is CollectionFixture {
    function _txGas(bytes memory data) internal view returns (uint256 g) {
        g = 21_000 + vm.lastCallGas().gasTotalUsed;
        for (uint256 i; i < data.length; ++i) {
            g += data[i] == 0 ? 4 : 16;
        }
    }

    /// @dev Every storage slot of the registry and the collection cold again, as in a new transaction.
    function _cool() internal {
        vm.cool(address(reg));
        vm.cool(address(col));
        vm.cool(address(impl));
        vm.cool(impl.setupModule());
    }

    function test_gas_mintBatch100() public {
        uint32 ed = createLimited(10_000);
        address[] memory to = holders(1, 100);
        verifyMany(to);
        mintOne(ed, alice); // not the first mint of the edition
        _cool();
        uint256 first = mint(ed, to);
        uint256 g = _txGas(abi.encodeCall(col.mintBatch, (ed, to)));
        log("mintBatch(100) tx gas", g);
        log("mintBatch(100) tx gas per token", g / 100);
        assertEq(first, tid(ed, 2), "after the edition's first serial");
        for (uint256 i; i < to.length; ++i) {
            assertEq(col.ownerOf(first + i), to[i]);
            assertEq(col.balanceOf(to[i]), 1);
            assertEq(col.tokenState(first + i).acquiredAt, block.timestamp);
        }
        assertEq(col.totalSupply(), 101);
        assertEq(col.edition(ed).minted, 101);
    }

    function test_gas_requireVerified100() public {
        address[] memory to = holders(1, 100);
        verifyMany(to);
        _cool();
        reg.requireVerified(to);
        log("requireVerified(100) execution gas per account", vm.lastCallGas().gasTotalUsed / 100);
        // The measured call checked every record: the same batch with one unverified account fails.
        address[] memory withStranger = new address[](101);
        for (uint256 i; i < to.length; ++i) {
            withStranger[i] = to[i];
        }
        withStranger[100] = stranger;
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, stranger, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        reg.requireVerified(withStranger);
    }

    function _revealGas(uint32 boxes) internal returns (uint256) {
        uint32 limited = createLimited(boxes);
        uint32 hidden = createHidden(boxes);
        uint32 dropId = createDrop(u32s(limited, hidden), u32s(boxes - boxes / 100, boxes / 100));
        mintBoxes(dropId, holders(7, 50));
        vm.warp(block.timestamp + 7 days);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 revealBlock = col.drop(dropId).revealBlock;
        vm.roll(revealBlock + 1);
        vm.setBlockhash(revealBlock, keccak256("block"));
        verifyMany(holders(7, 50));
        _cool();
        col.reveal(dropId);
        uint256 g = _txGas(abi.encodeCall(col.reveal, (dropId)));
        ICollection.Drop memory d = col.drop(dropId);
        assertEq(d.seed, keccak256(abi.encode(SECRET, keccak256("block"), block.chainid, address(col), dropId)));
        assertEq(col.edition(hidden).minted, boxes / 100, "every planned serial issued");
        assertEq(col.edition(limited).minted, boxes - boxes / 100);
        return g;
    }

    function test_gas_reveal() public {
        verifyMany(holders(7, 50));
        uint256 snapshot = _revealGas(100);
        log("reveal tx gas, 100 boxes", snapshot);
        log("reveal tx gas, 10000 boxes", _revealGas(10_000));
    }

    function test_gas_redeem() public {
        uint32 a = createLimited(100);
        uint32 b = createLimited(100);
        uint32 reward = createHidden(10);
        vm.prank(issuer);
        uint32 recipeId = col.createRecipe(u32s(a, b), reward);
        mintOne(a, bob);
        mintOne(b, bob);
        uint256 ta = mintOne(a, alice);
        uint256 tb = mintOne(b, alice);
        _cool();
        vm.prank(alice);
        uint256 rewardId = col.redeem(recipeId, ids(ta, tb));
        log("redeem (2 burns, 1 reward) tx gas", _txGas(abi.encodeCall(col.redeem, (recipeId, ids(ta, tb)))));
        assertEq(rewardId, tid(reward, 1));
        assertEq(col.ownerOf(rewardId), alice);
        assertEq(col.balanceOf(alice), 1, "the set burned, the reward received");
        assertEq(col.edition(a).burned, 1);
        assertEq(col.edition(b).burned, 1);
    }

    function test_gas_transfer() public {
        uint32 ed = createLimited(100);
        uint256 id = mintOne(ed, alice);
        mintOne(ed, bob);
        vm.warp(block.timestamp + HOLD);
        _cool();
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        log("transferFrom (policy checked) tx gas", _txGas(abi.encodeCall(col.transferFrom, (alice, bob, id))));
        ICollection.TokenState memory s = col.tokenState(id);
        assertEq(s.owner, bob);
        assertEq(s.acquiredAt, block.timestamp);
        assertEq(s.transferCount, 1);
        assertEq(s.moveCount, 1);
        assertEq(col.balanceOf(bob), 2);
    }
}
