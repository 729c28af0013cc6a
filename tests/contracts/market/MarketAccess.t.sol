// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ICollectionFactory} from "../../../contracts/factory/ICollectionFactory.sol";
import {IMarketplace} from "../../../contracts/market/IMarketplace.sol";
import {MarketBase} from "./MarketBase.sol";

/// @title MarketAccessTest
/// @notice The access matrix of the marketplace, the deposit token and the factory: every
/// privileged function called by every account that lacks the privilege, with the exact error;
/// and, so that the matrix can fail, the privileged account succeeding.
///
/// | function                        | who may call                      | error for anyone else                    |
/// |---------------------------------|-----------------------------------|------------------------------------------|
/// | Marketplace.setPlatformFee      | registry OPERATOR_ROLE            | NotPlatformOperator(caller)              |
/// | Marketplace.setPriceCeiling     | the collection's ISSUER_ROLE      | NotCollectionIssuer(collection, caller)  |
/// | Marketplace.cancel              | the listing's seller              | NotSeller(listingId, caller)             |
/// | DepositToken.mint / burn        | TREASURY_ROLE                     | AccessControlUnauthorizedAccount         |
/// | DepositToken.pause / unpause    | PAUSER_ROLE                       | AccessControlUnauthorizedAccount         |
/// | DepositToken.grantRole / revoke | DEFAULT_ADMIN_ROLE                | AccessControlUnauthorizedAccount         |
/// | Factory.createCollection        | registry ISSUER_ROLE, for itself  | NotIssuer(caller) / IssuerMismatch       |
/// `list`, `buy` and `cancelAll` need no privilege (KYC and ownership are checked instead).
contract MarketAccessTest is MarketBase {
    address internal bankB = makeAddr("bankB");

    function setUp() public override {
        super.setUp();
        vm.startPrank(admin);
        reg.grantRole(reg.ISSUER_ROLE(), bankB);
        vm.stopPrank();
    }

    /// @dev Everyone in the test world who is not `except` (nor the zero address).
    function _everyoneBut(address except1, address except2) internal view returns (address[] memory out) {
        address[14] memory all = [
            admin,
            operator,
            issuer,
            officer,
            compliance,
            treasury,
            pauser,
            artist,
            platform,
            alice,
            bob,
            carol,
            stranger,
            bankB
        ];
        out = new address[](all.length);
        uint256 n;
        for (uint256 i; i < all.length; ++i) {
            if (all[i] != except1 && all[i] != except2) out[n++] = all[i];
        }
        assembly {
            mstore(out, n)
        }
    }

    function _unauthorized(address who, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, role);
    }

    // ------------------------------------------------------------------------ marketplace

    function test_setPlatformFee_onlyOperator() public {
        address[] memory callers = _everyoneBut(operator, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotPlatformOperator.selector, callers[i]));
            vm.prank(callers[i]);
            market.setPlatformFee(callers[i], 1);
        }
        vm.prank(operator);
        market.setPlatformFee(carol, 1);
        (address recipient,) = market.platformFee();
        assertEq(recipient, carol);
    }

    function testFuzz_setPlatformFee_onlyOperator(address caller) public {
        vm.assume(caller != operator);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotPlatformOperator.selector, caller));
        vm.prank(caller);
        market.setPlatformFee(caller, 1);
    }

    function test_setPriceCeiling_onlyTheCollectionsIssuer() public {
        address[] memory callers = _everyoneBut(issuer, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotCollectionIssuer.selector, address(col), callers[i]));
            vm.prank(callers[i]);
            market.setPriceCeiling(address(col), 1);
        }
        vm.prank(issuer);
        market.setPriceCeiling(address(col), 1);
        assertEq(market.priceCeiling(address(col)), 1);
    }

    function test_cancel_onlyTheSeller() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        address[] memory callers = _everyoneBut(alice, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotSeller.selector, id, callers[i]));
            vm.prank(callers[i]);
            market.cancel(id);
        }
        vm.prank(alice);
        market.cancel(id);
    }

    // ---------------------------------------------------------------------- deposit token

    function test_mintAndBurn_onlyTreasury() public {
        bytes32 role = dep.TREASURY_ROLE();
        address[] memory callers = _everyoneBut(treasury, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], role));
            vm.prank(callers[i]);
            dep.mint(alice, 1);
            vm.expectRevert(_unauthorized(callers[i], role));
            vm.prank(callers[i]);
            dep.burn(bob, 1);
        }
        vm.startPrank(treasury);
        dep.mint(alice, 1);
        dep.burn(alice, 1);
        vm.stopPrank();
    }

    function test_pauseAndUnpause_onlyPauser() public {
        bytes32 role = dep.PAUSER_ROLE();
        address[] memory callers = _everyoneBut(pauser, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], role));
            vm.prank(callers[i]);
            dep.pause();
        }
        vm.prank(pauser);
        dep.pause();
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], role));
            vm.prank(callers[i]);
            dep.unpause();
        }
        vm.prank(pauser);
        dep.unpause();
    }

    function test_roleAdministration_onlyAdmin() public {
        bytes32 treasuryRole = dep.TREASURY_ROLE();
        bytes32 adminRole = dep.DEFAULT_ADMIN_ROLE();
        address[] memory callers = _everyoneBut(admin, address(0));
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(_unauthorized(callers[i], adminRole));
            vm.prank(callers[i]);
            dep.grantRole(treasuryRole, callers[i]);
            vm.expectRevert(_unauthorized(callers[i], adminRole));
            vm.prank(callers[i]);
            dep.revokeRole(treasuryRole, treasury);
        }
        vm.prank(admin);
        dep.grantRole(treasuryRole, carol);
        assertTrue(dep.hasRole(treasuryRole, carol));
    }

    // ---------------------------------------------------------------------------- factory

    function test_createCollection_onlyIssuers() public {
        address[] memory callers = _everyoneBut(issuer, bankB);
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.NotIssuer.selector, callers[i]));
            vm.prank(callers[i]);
            factory.createCollection(_params(callers[i], "X"));
        }
    }

    function test_createCollection_onlyForThemselves() public {
        vm.expectRevert(abi.encodeWithSelector(ICollectionFactory.IssuerMismatch.selector, issuer, bankB));
        vm.prank(issuer);
        factory.createCollection(_params(bankB, "X"));
        vm.prank(bankB);
        factory.createCollection(_params(bankB, "X"));
    }
}
