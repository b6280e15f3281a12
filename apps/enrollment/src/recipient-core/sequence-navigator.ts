import type { BranchNode, SequenceNode } from './sequence-definition';

interface Location {
  list: readonly SequenceNode[];
  index: number;
  parent?: BranchNode;
  /** Order in a depth-first walk: a recipient only ever moves to nodes with a higher one. */
  order: number;
}

/** Walks a sequence tree: where a recipient goes after a node, and into which path of a branch. */
export class SequenceNavigator {
  private readonly locations = new Map<string, Location>();

  constructor(private readonly nodes: readonly SequenceNode[]) {
    this.index(nodes);
  }

  first(): SequenceNode | null {
    return this.nodes[0] ?? null;
  }

  find(nodeId: string): SequenceNode | null {
    const location = this.locations.get(nodeId);
    return location ? location.list[location.index] : null;
  }

  /** The node after `nodeId` once it is done; null when the recipient has finished the sequence. */
  after(nodeId: string): SequenceNode | null {
    const location = this.locations.get(nodeId);
    if (!location) throw new Error(`unknown sequence node ${nodeId}`);
    const sibling = location.list[location.index + 1];
    if (sibling) return sibling;
    return location.parent ? this.after(location.parent.id) : null;
  }

  /**
   * Of the given nodes, the one the recipient reached last (they only move forward, and take one
   * path of each branch); null when none is in the sequence.
   */
  latest(nodeIds: Iterable<string>): string | null {
    let latest: Location | null = null;
    let latestId: string | null = null;
    for (const nodeId of nodeIds) {
      const location = this.locations.get(nodeId);
      if (location && (!latest || location.order > latest.order)) {
        latest = location;
        latestId = nodeId;
      }
    }
    return latestId;
  }

  /** Where a branch sends a recipient; an empty path continues after the branch. */
  enter(branch: BranchNode, conditionHolds: boolean): SequenceNode | null {
    const path = conditionHolds ? branch.yes : branch.no;
    return path[0] ?? this.after(branch.id);
  }

  private index(list: readonly SequenceNode[], parent?: BranchNode): void {
    list.forEach((node, index) => {
      this.locations.set(node.id, { list, index, parent, order: this.locations.size });
      if (node.kind === 'branch') {
        this.index(node.yes, node);
        this.index(node.no, node);
      }
    });
  }
}
