// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "solady/tokens/ERC721.sol";
import {ReentrancyGuard} from "solady/utils/ReentrancyGuard.sol";
import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {ICollection} from "./ICollection.sol";
import {CollectionStorage} from "./CollectionStorage.sol";
import {IERC5192} from "./IERC5192.sol";
import {TokenData} from "./libraries/TokenData.sol";

/// @title CollectionToken
/// @notice The ERC-721 token of a {Collection}: the transfer policy, minting and burning, the
/// compliance powers and the per-token views.
/// @dev The one choke point: solady calls {_beforeTokenTransfer} from every path that creates,
/// moves or destroys a token (`transferFrom`, both `safeTransferFrom`, `_mint*`, `_transfer`,
/// `_burn`). It tells the moves apart by their arguments and one flag:
/// - mint (`from == 0`): nothing to check per token; the only mint paths ({_issue} and the reward
///   mint of `redeem`) check pause, every recipient's KYC (once per batch), supply and wallet caps;
/// - forced move (`_forcedMove`, set only inside {forceTransfer} and {forceBurn}, which make no
///   external call while it is set): skips pause, freeze, soulbound, holding period and cap,
///   restarts the acquisition time of a forced recipient and advances the move counter, but not
///   the transfer count (a compliance recovery must not use up the holder's transfer cap);
/// - holder burn (`to == 0` otherwise; only `redeem` burns, after checking ownership; solady's
///   `transferFrom` to the zero address reverts after the hook): pause and freeze apply;
/// - transfer: pause, freeze, soulbound, holding period, transfer cap, approved operator, and both
///   parties' KYC apply; the transfer count, move counter and acquisition time are updated in
///   the same slot.
///   solady's `transferFrom` and `approve` are payable (as ERC-721 allows): both reject ether.
abstract contract CollectionToken is CollectionStorage, ERC721, ReentrancyGuard, ICollection {
    using TokenData for uint256;

    /// @inheritdoc ICollection
    bytes32 public constant ISSUER_ROLE = _ISSUER_ROLE;
    /// @inheritdoc ICollection
    bytes32 public constant MINTER_ROLE = _MINTER_ROLE;

    modifier onlyComplianceAuthority() {
        if (!_registry.isComplianceAuthority(msg.sender)) revert NotComplianceAuthority(msg.sender);
        _;
    }

    // ------------------------------------------------------------------------------ ERC-721

    function name() public view override returns (string memory) {
        return _name;
    }

    function symbol() public view override returns (string memory) {
        return _symbol;
    }

    /// @notice ERC-165: ERC-721, ERC-721 Metadata, ERC-165, ERC-2981, ERC-4906, ERC-5192,
    /// AccessControl and {ICollection}.
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return interfaceId == 0x2a55205a // ERC-2981
            || interfaceId == 0x49064906 // ERC-4906
            || interfaceId == 0xb45a3c0e // ERC-5192
            || interfaceId == type(ICollection).interfaceId || ERC721.supportsInterface(interfaceId)
            || AccessControl.supportsInterface(interfaceId);
    }

    /// @notice Approves `account` for `id`. Requirements: `account` is a registry-approved
    /// operator, or zero to clear the approval; the ERC-721 rules.
    function approve(address account, uint256 id) public payable override {
        if (msg.value != 0) revert EtherNotAccepted();
        if (account != address(0) && !_registry.isApprovedOperator(account)) revert OperatorNotApproved(account);
        super.approve(account, id);
    }

    /// @notice Requirements: approving only a registry-approved operator (revoking always works).
    function setApprovalForAll(address operator, bool isApproved) public override {
        if (isApproved && !_registry.isApprovedOperator(operator)) revert OperatorNotApproved(operator);
        super.setApprovalForAll(operator, isApproved);
    }

    // --------------------------------------------------------------------- transfer policy

    /// @dev The transfer policy; see the contract header for how each kind of move is told apart.
    function _beforeTokenTransfer(address from, address to, uint256 id) internal override {
        if (from == address(0)) return; // a mint: checked once per batch by the minting path
        uint256 extra = _getExtraData(id);
        if (_forcedMove) {
            // The forced recipient's acquisition starts now and the move counter advances (so a
            // listing of the previous holder dies); transfer count, freeze and soulbound stay.
            if (to != address(0)) {
                extra = (extra & ~(TokenData.ACQUIRED_MASK | TokenData.MOVES_MASK)) | extra.nextMoves()
                    | TokenData.acquiredNow();
                _setExtraData(id, uint96(extra));
            }
            return;
        }
        if (_pauseLevel != PauseLevel.None) revert CollectionPaused();
        if (extra.isFrozen()) revert TokenFrozen(id);
        if (to == address(0)) return;
        if (msg.value != 0) revert EtherNotAccepted();
        if (extra.isSoulbound()) revert TokenSoulbound(id);
        uint256 readyAt = uint256(extra.acquiredAt()) + _holdingPeriod;
        if (block.timestamp < readyAt) revert HoldingPeriodActive(id, _clamp64(readyAt));
        uint256 count = extra.transferCount();
        uint32 cap = _maxTransfers;
        if (cap != 0 && count >= cap) revert TransferLimitReached(id, cap);
        if (msg.sender != from && !_registry.isApprovedOperator(msg.sender)) revert OperatorNotApproved(msg.sender);
        address[] memory parties = new address[](2);
        parties[0] = from;
        parties[1] = to;
        _registry.requireVerified(parties);
        if (count < TokenData.COUNT_MASK) {
            // Cannot overflow: `count` is below `type(uint32).max`.
            unchecked {
                ++count;
            }
        }
        extra = (extra & (TokenData.FROZEN | TokenData.SOULBOUND)) | (count << TokenData.COUNT_SHIFT)
            | extra.nextMoves() | TokenData.acquiredNow();
        _setExtraData(id, uint96(extra));
    }

    // ---------------------------------------------------------------------------- minting

    /// @dev Mints `number, number + 1, ...` of series `seriesId` to `to`, in order. The caller has
    /// checked the role, the pause, that `to` is not empty, and reserved the numbers below the
    /// series' maximum. Checks every recipient's KYC in one registry call and the wallet cap.
    function _issue(uint32 seriesId, uint32 number, address[] calldata to, uint32 walletCap, bool soulbound)
        internal
        returns (uint256 firstTokenId)
    {
        uint256 n = to.length;
        _requireVerifiedBatch(to);
        if (walletCap != 0) _countReceipts(seriesId, to, walletCap);
        // Cannot overflow: the total supply is at most the sum of uint32 maxima over uint32 series.
        unchecked {
            _totalSupply += uint64(n);
        }
        firstTokenId = TokenData.tokenId(seriesId, number);
        uint96 extra = uint96(TokenData.acquiredNow() | (soulbound ? TokenData.SOULBOUND : 0));
        for (uint256 i; i < n;) {
            // Cannot overflow: the numbers were reserved below the series' uint32 maximum.
            unchecked {
                uint256 id = firstTokenId + i;
                // Each id is minted once: it comes from a reserved, never reused serial range.
                _mintAndSetExtraDataUnchecked(to[i], id, extra);
                if (soulbound) emit IERC5192.Locked(id);
                ++i;
            }
        }
    }

    /// @dev Adds one received token per recipient of series `seriesId`; reverts past `cap`.
    function _countReceipts(uint32 seriesId, address[] calldata to, uint32 cap) internal {
        mapping(address wallet => uint32) storage received = _receivedBy[seriesId];
        for (uint256 i; i < to.length; ++i) {
            uint32 count = received[to[i]] + 1;
            if (count > cap) revert WalletCapExceeded(seriesId, to[i], cap);
            received[to[i]] = count;
        }
    }

    function _requireNotPaused() internal view {
        if (_pauseLevel != PauseLevel.None) revert CollectionPaused();
    }

    /// @dev `_registry.requireVerified(accounts)`, forwarding the calldata array with one copy
    /// instead of re-encoding it element by element (about 40 gas per recipient). The registry
    /// rejects an element with dirty upper bits; its revert data is passed on unchanged.
    function _requireVerifiedBatch(address[] calldata accounts) internal view {
        address target = address(_registry);
        bytes4 selector = IConsortiumRegistry.requireVerified.selector;
        /// @solidity memory-safe-assembly
        assembly {
            // A call to an address without code would succeed and check nobody.
            if iszero(extcodesize(target)) { revert(0x00, 0x00) }
            let m := mload(0x40)
            let size := shl(5, accounts.length)
            mstore(m, selector)
            mstore(add(m, 0x04), 0x20)
            mstore(add(m, 0x24), accounts.length)
            calldatacopy(add(m, 0x44), accounts.offset, size)
            if iszero(staticcall(gas(), target, m, add(size, 0x44), 0x00, 0x00)) {
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    function _requireVerified(address account) internal view {
        address[] memory one = new address[](1);
        one[0] = account;
        _registry.requireVerified(one);
    }

    /// @dev Burns `id` and counts it against its edition; a box before reveal has none yet, and is
    /// counted against the one it held when its drop is revealed.
    function _burnToken(uint256 id) internal {
        _burn(id);
        // Cannot underflow: the token existed, so the supply counted it.
        unchecked {
            --_totalSupply;
        }
        (uint32 editionId,) = _resolve(id);
        if (editionId != 0) {
            // Cannot overflow: an edition burns at most its `minted` tokens.
            unchecked {
                ++_editions[editionId].burned;
            }
        } else {
            _burnedBeforeReveal(id);
        }
    }

    /// @dev The edition and serial of token `id`: its own for an edition token, the revealed ones
    /// for a box; `(0, 0)` for a box before reveal or an id of no series.
    function _resolve(uint256 id) internal view virtual returns (uint32 editionId, uint32 serial);

    /// @dev Records box `id`, burned before its drop's reveal, for the reveal to count.
    function _burnedBeforeReveal(uint256 id) internal virtual;

    // ------------------------------------------------------------------------- compliance

    /// @inheritdoc ICollection
    /// @dev A pause takes the caller's level (regulator, compliance officer, issuer), or keeps a
    /// higher one already in force: it upgrades an issuer's pause, and never downgrades one. A
    /// caller with several roles counts at the highest. Emits {Paused}.
    function pause() external {
        PauseLevel level = _pauseLevelOf(msg.sender);
        if (level > _pauseLevel) _pauseLevel = level;
        emit Paused(msg.sender);
    }

    /// @inheritdoc ICollection
    /// @dev WARNING: a stop is never undone by those it stops: the issuer cannot lift a compliance
    /// pause ({NotComplianceAuthority}), nor a bank's compliance officer a regulator's ({NotRegulator}).
    /// Emits {Unpaused}.
    function unpause() external {
        PauseLevel level = _pauseLevelOf(msg.sender);
        if (level < _pauseLevel) {
            if (_pauseLevel == PauseLevel.Regulator) revert NotRegulator(msg.sender);
            revert NotComplianceAuthority(msg.sender);
        }
        _pauseLevel = PauseLevel.None;
        emit Unpaused(msg.sender);
    }

    /// @dev The highest pause level `account` may set and lift; reverts with
    /// {NotComplianceAuthority} for an account that may not pause at all.
    function _pauseLevelOf(address account) private view returns (PauseLevel) {
        if (_hasRegistryRole(_REGISTRY_REGULATOR_ROLE, account)) return PauseLevel.Regulator;
        if (_registry.isComplianceAuthority(account)) return PauseLevel.Compliance;
        if (hasRole(ISSUER_ROLE, account)) return PauseLevel.Issuer;
        revert NotComplianceAuthority(account);
    }

    /// @inheritdoc ICollection
    function setTokenFrozen(uint256 tokenId, bool frozen, uint8 reasonCode) external onlyComplianceAuthority {
        if (!_exists(tokenId)) revert NonexistentToken(tokenId);
        uint256 extra = _getExtraData(tokenId);
        extra = frozen ? extra | TokenData.FROZEN : extra & ~TokenData.FROZEN;
        _setExtraData(tokenId, uint96(extra));
        emit TokenFreezeChanged(tokenId, frozen, reasonCode, msg.sender);
    }

    /// @inheritdoc ICollection
    /// @dev The recipient's acquisition time restarts and the move counter advances; the transfer
    /// count (so the holder's transfer cap) and the frozen flag stay.
    function forceTransfer(uint256 tokenId, address to, uint8 reasonCode) external onlyComplianceAuthority {
        if (to == address(0)) revert ZeroAddress();
        address from = _ownerOf(tokenId);
        if (from == address(0)) revert NonexistentToken(tokenId);
        _requireVerified(to);
        _forcedMove = true;
        _transfer(address(0), from, to, tokenId);
        _forcedMove = false;
        emit ForcedTransfer(tokenId, from, to, reasonCode, msg.sender);
    }

    /// @inheritdoc ICollection
    function forceBurn(uint256 tokenId, uint8 reasonCode) external onlyComplianceAuthority {
        address from = _ownerOf(tokenId);
        if (from == address(0)) revert NonexistentToken(tokenId);
        _forcedMove = true;
        _burnToken(tokenId);
        _forcedMove = false;
        emit ForcedBurn(tokenId, from, reasonCode, msg.sender);
    }

    // ---------------------------------------------------------------------------- queries

    /// @inheritdoc ICollection
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ICollection
    function paused() external view returns (bool) {
        return _pauseLevel != PauseLevel.None;
    }

    /// @inheritdoc ICollection
    function pauseLevel() external view returns (uint8) {
        return uint8(_pauseLevel);
    }

    /// @inheritdoc ICollection
    function holdingPeriod() external view returns (uint64) {
        return _holdingPeriod;
    }

    /// @inheritdoc ICollection
    function maxTransfers() external view returns (uint32) {
        return _maxTransfers;
    }

    /// @inheritdoc ICollection
    function contractURI() external view returns (string memory) {
        return _contractURI;
    }

    /// @inheritdoc ICollection
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc ICollection
    function tokenState(uint256 tokenId) external view returns (TokenState memory state) {
        address owner = _ownerOf(tokenId);
        if (owner == address(0)) revert NonexistentToken(tokenId);
        uint256 extra = _getExtraData(tokenId);
        state = TokenState(owner, extra.acquiredAt(), extra.transferCount(), extra.isFrozen(), extra.moveCount());
    }

    /// @inheritdoc ICollection
    function transferableAt(uint256 tokenId) external view returns (uint64) {
        if (!_exists(tokenId)) revert NonexistentToken(tokenId);
        return _clamp64(uint256(uint256(_getExtraData(tokenId)).acquiredAt()) + _holdingPeriod);
    }

    /// @inheritdoc ICollection
    function locked(uint256 tokenId) external view returns (bool) {
        if (!_exists(tokenId)) revert NonexistentToken(tokenId);
        return uint256(_getExtraData(tokenId)).isSoulbound();
    }
}
