package dev.deploysim.sim.platform;

/**
 * A set of machines kept in ID order that also answers "the k-th machine" and "how many machines
 * come before this ID", each in O(log n) expected time: the proxy's view, from which a request
 * picks a machine by its position in ID order.
 *
 * <p>Why hand-written: the proxy used a {@code TreeSet} of IDs and rebuilt an array of it after
 * every change, which cost O(n) per probe while machines came and went (a quarter of a
 * 4,000-machine deploy's time). The JDK has no order-statistic tree, and the libraries we could
 * take one from bring far more than these five operations. This is a treap: a binary search tree
 * on ID whose shape is fixed by a heap on a priority mixed from the ID's hash, so it is balanced
 * in expectation and — being a pure function of the IDs it holds — identical in every run.
 * Iteration order never depends on the priorities, only the tree's depth does.
 */
final class RankedView {

    private static final class Node {
        final String id;
        final SimMachine machine;
        final int priority;
        Node left;
        Node right;
        int size = 1;

        Node(SimMachine machine) {
            this.id = machine.id;
            this.machine = machine;
            this.priority = mix(machine.id.hashCode());
        }
    }

    private Node root;

    /** Machines in the set. */
    int size() {
        return size(root);
    }

    boolean isEmpty() {
        return root == null;
    }

    boolean contains(String id) {
        Node t = root;
        while (t != null) {
            int c = id.compareTo(t.id);
            if (c == 0) {
                return true;
            }
            t = c < 0 ? t.left : t.right;
        }
        return false;
    }

    /** Adds {@code m} if no machine with its ID is in the set; returns whether it was added. */
    boolean add(SimMachine m) {
        if (contains(m.id)) {
            return false;
        }
        root = insert(root, new Node(m));
        return true;
    }

    /** Removes the machine with ID {@code id}, if present; returns whether it was. */
    boolean remove(String id) {
        if (!contains(id)) {
            return false;
        }
        root = remove(root, id);
        return true;
    }

    /** The machine at position {@code index} in ID order (0 is the smallest ID). */
    SimMachine get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index + " of " + size());
        }
        Node t = root;
        int k = index;
        while (true) {
            int left = size(t.left);
            if (k < left) {
                t = t.left;
            } else if (k == left) {
                return t.machine;
            } else {
                k -= left + 1;
                t = t.right;
            }
        }
    }

    /** How many machines in the set have an ID smaller than {@code id} (its position, if present). */
    int rank(String id) {
        int r = 0;
        Node t = root;
        while (t != null) {
            int c = id.compareTo(t.id);
            if (c <= 0) {
                t = t.left;
            } else {
                r += size(t.left) + 1;
                t = t.right;
            }
        }
        return r;
    }

    /** The tree's height (tests: it must stay logarithmic). */
    int depthForTest() {
        return depth(root);
    }

    private static int depth(Node t) {
        return t == null ? 0 : 1 + Math.max(depth(t.left), depth(t.right));
    }

    private static int size(Node t) {
        return t == null ? 0 : t.size;
    }

    private static void update(Node t) {
        t.size = 1 + size(t.left) + size(t.right);
    }

    private static Node insert(Node t, Node n) {
        if (t == null) {
            return n;
        }
        if (n.priority > t.priority) {
            Node[] parts = split(t, n.id);
            n.left = parts[0];
            n.right = parts[1];
            update(n);
            return n;
        }
        if (n.id.compareTo(t.id) < 0) {
            t.left = insert(t.left, n);
        } else {
            t.right = insert(t.right, n);
        }
        update(t);
        return t;
    }

    /** {@code t} split into the IDs below {@code id} and the rest. */
    private static Node[] split(Node t, String id) {
        if (t == null) {
            return new Node[2];
        }
        if (t.id.compareTo(id) < 0) {
            Node[] parts = split(t.right, id);
            t.right = parts[0];
            update(t);
            parts[0] = t;
            return parts;
        }
        Node[] parts = split(t.left, id);
        t.left = parts[1];
        update(t);
        parts[1] = t;
        return parts;
    }

    private static Node remove(Node t, String id) {
        int c = id.compareTo(t.id);
        if (c == 0) {
            return merge(t.left, t.right);
        }
        if (c < 0) {
            t.left = remove(t.left, id);
        } else {
            t.right = remove(t.right, id);
        }
        update(t);
        return t;
    }

    /** Joins two trees, every ID of {@code a} below every ID of {@code b}. */
    private static Node merge(Node a, Node b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    /** Murmur3's finaliser: machine IDs' string hashes spread over all 32 bits. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
