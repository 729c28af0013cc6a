// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CollectionFixture} from "./utils/CollectionFixture.sol";

/// @notice Gas measurements printed with `forge test --match-contract CollectionGas -vv`. A
/// benchmark is not a test: nothing here asserts a gas figure (bench/gas_collection.py measures
/// receipts on Anvil). "tx gas" = 21,000 + calldata + the call's execution gas (`vm.lastCallGas`)
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
        mint(ed, to);
        uint256 g = _txGas(abi.encodeCall(col.mintBatch, (ed, to)));
        log("mintBatch(100) tx gas", g);
        log("mintBatch(100) tx gas per token", g / 100);
    }

    function test_gas_requireVerified100() public {
        address[] memory to = holders(1, 100);
        verifyMany(to);
        _cool();
        reg.requireVerified(to);
        log("requireVerified(100) execution gas per account", vm.lastCallGas().gasTotalUsed / 100);
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
        return _txGas(abi.encodeCall(col.reveal, (dropId)));
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
        col.redeem(recipeId, ids(ta, tb));
        log("redeem (2 burns, 1 reward) tx gas", _txGas(abi.encodeCall(col.redeem, (recipeId, ids(ta, tb)))));
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
    }
}
