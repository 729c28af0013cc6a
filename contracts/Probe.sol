// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {LibString} from "solady/utils/LibString.sol";
contract Probe is ERC721 {
    constructor() ERC721("P", "P") {}
    function s(uint256 x) external pure returns (string memory) { return LibString.toString(x); }
}
