// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../collection/ICollection.sol";

/// @title ICollectionFactory
/// @notice Member banks create their campaign collections here, as EIP-1167 clones of one audited
/// implementation, wired to the consortium registry; the factory is also the catalog the marketplace
/// trusts.
interface ICollectionFactory {
    event CollectionCreated(address indexed collection, address indexed issuer, string name, string symbol);

    error NotIssuer(address caller);
    error IssuerMismatch(address caller, address issuer);
    error ZeroAddress();

    /// @notice Deploys and initializes a collection clone. `params.registry` is overridden with the
    /// factory's registry. Requirements: the caller holds the registry's `ISSUER_ROLE` and
    /// `params.issuer == msg.sender`. Emits {CollectionCreated}.
    function createCollection(ICollection.InitParams calldata params) external returns (address collection);

    function implementation() external view returns (address);

    function registry() external view returns (address);

    /// @notice Whether `collection` was created by this factory.
    function isCollection(address collection) external view returns (bool);

    function collectionsOf(address issuer) external view returns (address[] memory);

    function collectionCount() external view returns (uint256);

    function collectionAt(uint256 index) external view returns (address);
}
