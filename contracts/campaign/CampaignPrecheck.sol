// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";

/// @title CampaignPrecheck
/// @notice Checks a campaign's customers in bulk before anything is sent: for each account, whether
/// the consortium registry verifies it and whether it holds code (a contract, not a customer wallet).
/// @dev Never deployed. Its creation code runs in an `eth_call` without a recipient, and the
/// constructor returns its answer instead of runtime code: one byte per account, bit 0 set when
/// verified, bit 1 when it holds code. The bytes are 0 to 3, so the answer is never refused as
/// code starting with 0xEF (EIP-3541); it must stay under the 24,576-byte code limit (EIP-170), so
/// callers send at most a few thousand accounts per call. It reads only, through the registry's
/// public view, and changes nothing even if it were deployed.
contract CampaignPrecheck {
    uint8 internal constant VERIFIED = 1;
    uint8 internal constant HAS_CODE = 2;

    constructor(IConsortiumRegistry registry, address[] memory accounts) {
        bytes memory flags = new bytes(accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            uint8 flag = registry.isVerified(account) ? VERIFIED : 0;
            if (account.code.length != 0) flag |= HAS_CODE;
            flags[i] = bytes1(flag);
        }
        assembly ("memory-safe") {
            return(add(flags, 0x20), mload(flags))
        }
    }
}
