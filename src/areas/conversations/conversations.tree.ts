/** Replies are indented under their parent down to this level; deeper replies stay at it. */
export const maxDepth = 4;

export interface TreeNode<P> {
  post: P;
  /** 1 for a post that replies to no one, at most maxDepth. */
  depth: number;
  /**
   * The post this one answers when the indentation no longer shows it (a reply below maxDepth),
   * so the page can say "In reply to …".
   */
  replyTo: P | null;
  children: TreeNode<P>[];
}

/**
 * Posts in threaded order: each post followed by its replies, oldest first at every level. A
 * post whose parent is not among `posts` is placed as a top-level post.
 */
export function threadTree<P extends { id: number; parentId: number | null }>(posts: P[]): TreeNode<P>[] {
  const ids = new Set(posts.map((post) => post.id));
  const byParent = new Map<number | null, P[]>();
  for (const post of [...posts].sort((a, b) => a.id - b.id)) {
    const key = post.parentId !== null && ids.has(post.parentId) && post.parentId !== post.id ? post.parentId : null;
    const list = byParent.get(key);
    if (list) list.push(post);
    else byParent.set(key, [post]);
  }

  const place = (post: P, depth: number): TreeNode<P>[] => {
    const replies = byParent.get(post.id) ?? [];
    if (depth < maxDepth) {
      return [{ post, depth, replyTo: null, children: replies.flatMap((reply) => place(reply, depth + 1)) }];
    }
    // At the deepest level every further reply follows in reading order, beside its ancestors.
    const flat: TreeNode<P>[] = [{ post, depth, replyTo: null, children: [] }];
    const stack = [...replies].reverse().map((reply) => ({ reply, parent: post }));
    while (stack.length > 0) {
      const { reply, parent } = stack.pop()!;
      flat.push({ post: reply, depth, replyTo: parent, children: [] });
      const next = byParent.get(reply.id) ?? [];
      for (let i = next.length - 1; i >= 0; i--) stack.push({ reply: next[i]!, parent: reply });
    }
    return flat;
  };

  return (byParent.get(null) ?? []).flatMap((post) => place(post, 1));
}

/** The tree as a flat list in reading order, for tests and plain listings. */
export function flatten<P>(nodes: TreeNode<P>[]): TreeNode<P>[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}
