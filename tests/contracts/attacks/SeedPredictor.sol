// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../../contracts/collection/ICollection.sol";

/// @title SeedPredictor
/// @notice An issuer-controlled contract (granted ISSUER_ROLE by the test) that knows the secret and
/// tries to learn or steer a drop's outcome before it is fixed: it closes the drop and, in the same
/// transaction, computes the seed it would get from the newest block hash it can see, and tries to
/// reveal at once or re-target the reveal block.
contract SeedPredictor {
    ICollection public immutable collection;
    // The hashes of the reveal block and of the closing block itself read as zero inside the
    // closing transaction (neither exists yet), so no prediction is built from them.
    bytes32 public parentHash; // the parent's hash, the newest one that exists at close time
    bytes32 public predictedWithParentHash;
    bytes public revealError;
    bytes public moveError;

    constructor(ICollection collection_) {
        collection = collection_;
    }

    function _seed(bytes32 secret, bytes32 blockHash, uint32 dropId) internal view returns (bytes32) {
        return keccak256(abi.encode(secret, blockHash, block.chainid, address(collection), dropId));
    }

    function closeAndPredict(uint32 dropId, bytes32 secret) external {
        collection.closeDrop(dropId, secret);
        parentHash = blockhash(block.number - 1);
        predictedWithParentHash = _seed(secret, parentHash, dropId);
        try collection.reveal(dropId) {}
        catch (bytes memory err) {
            revealError = err;
        }
        try collection.moveRevealTarget(dropId) {}
        catch (bytes memory err) {
            moveError = err;
        }
    }

    function closeTwice(uint32 dropId, bytes32 secret) external {
        collection.closeDrop(dropId, secret);
        collection.closeDrop(dropId, secret);
    }
}
