package io.chatplatform.bench.scenario;

/**
 * Which node each session of a {@code cluster-routing} run connects to. Sessions are laid out as {@link MessageLoad}
 * does (session {@code room * members + member}). Rooms {@code 0 .. localRooms-1} are local: every member of room
 * {@code r} on node {@code r % nodes}. The next {@code spreadRooms} are spread: member {@code m} of room {@code r} on
 * node {@code (r + m) % nodes}, so with at least as many members as nodes each has members on every node, and their
 * first members (the owners, who create them) take turns.
 */
record RoomLayout(int nodes, int localRooms, int spreadRooms, int members) {

    RoomLayout {
        if (nodes < 1 || localRooms < 0 || spreadRooms < 0 || localRooms + spreadRooms < 1) {
            throw new IllegalArgumentException("cluster-routing: need at least one node and one room");
        }
        if (members < 2 || spreadRooms > 0 && members < nodes) {
            throw new IllegalArgumentException("cluster-routing: --members must be at least 2 and at least the number "
                    + "of nodes (" + nodes + "), so a spread room has members on every node");
        }
    }

    int rooms() {
        return localRooms + spreadRooms;
    }

    int sessions() {
        return rooms() * members;
    }

    int nodeOf(int session) {
        int room = session / members;
        return isLocal(room) ? room % nodes : (room + session % members) % nodes;
    }

    boolean isLocal(int room) {
        return room < localRooms;
    }

    /** Whether a member of the room connects to the node: the node then hears the room's traffic. */
    boolean hasMembersOn(int room, int node) {
        return isLocal(room) ? room % nodes == node : Math.floorMod(node - room, nodes) < members;
    }

    int localRoomsOn(int node) {
        return localRooms / nodes + (node < localRooms % nodes ? 1 : 0);
    }

    int roomsOn(int node) {
        int rooms = 0;
        for (int room = 0; room < rooms(); room++) {
            if (hasMembersOn(room, node)) {
                rooms++;
            }
        }
        return rooms;
    }
}
