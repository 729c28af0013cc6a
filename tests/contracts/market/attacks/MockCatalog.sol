// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MockCatalog
/// @notice A catalog that lists whatever the test tells it to: it lets a hostile collection into a
/// marketplace, which the real factory never does (it only lists clones of its implementation).
contract MockCatalog {
    mapping(address collection => bool) public isCollection;

    function add(address collection) external {
        isCollection[collection] = true;
    }
}
