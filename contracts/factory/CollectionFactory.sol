// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICollection} from "../collection/ICollection.sol";
import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {ICollectionFactory} from "./ICollectionFactory.sol";

/// @title CollectionFactory
/// @notice Deploys member banks' collections as EIP-1167 clones of one Collection implementation,
/// and keeps the catalog the marketplace trusts.
/// @dev Invariants:
/// - Every catalog entry is a clone of {implementation}, initialized in the transaction that
///   created it, with {registry} as its registry: no collection of another registry, and no
///   contract this factory did not create, is ever in the catalog.
/// - Entries are never removed or reordered: `collectionAt(i)` is stable, and
///   `collectionsOf(issuer)` lists the issuer's collections in creation order.
/// - Only a registry issuer creates, and only for itself (it receives the collection's roles).
contract CollectionFactory is ICollectionFactory {
    address private immutable _implementation;
    IConsortiumRegistry private immutable _registry;

    mapping(address collection => bool) private _isCollection;
    mapping(address issuer => address[]) private _collectionsOf;
    address[] private _collections;

    /// @param registry_ The consortium registry every collection is wired to.
    /// @param implementation_ A deployed Collection whose own initializer is disabled.
    constructor(address registry_, address implementation_) {
        if (registry_ == address(0) || implementation_ == address(0)) revert ZeroAddress();
        _registry = IConsortiumRegistry(registry_);
        _implementation = implementation_;
    }

    /// @inheritdoc ICollectionFactory
    function createCollection(ICollection.InitParams calldata params) external returns (address collection) {
        if (!_registry.isIssuer(msg.sender)) revert NotIssuer(msg.sender);
        if (params.issuer != msg.sender) revert IssuerMismatch(msg.sender, params.issuer);
        collection = Clones.clone(_implementation);
        _isCollection[collection] = true;
        _collections.push(collection);
        _collectionsOf[msg.sender].push(collection);
        emit CollectionCreated(collection, msg.sender, params.name, params.symbol);
        ICollection.InitParams memory init = params;
        init.registry = address(_registry);
        // The clone of our own implementation, created just above: no foreign code runs here.
        ICollection(collection).initialize(init);
    }

    /// @inheritdoc ICollectionFactory
    function implementation() external view returns (address) {
        return _implementation;
    }

    /// @inheritdoc ICollectionFactory
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ICollectionFactory
    function isCollection(address collection) external view returns (bool) {
        return _isCollection[collection];
    }

    /// @inheritdoc ICollectionFactory
    function collectionsOf(address issuer) external view returns (address[] memory) {
        return _collectionsOf[issuer];
    }

    /// @inheritdoc ICollectionFactory
    function collectionCount() external view returns (uint256) {
        return _collections.length;
    }

    /// @inheritdoc ICollectionFactory
    /// @dev Reverts with a panic (array out of bounds) when `index >= collectionCount()`.
    function collectionAt(uint256 index) external view returns (address) {
        return _collections[index];
    }
}
