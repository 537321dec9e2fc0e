package org.qmpd.rocker.device;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.net.NetBackend;
import org.qmpd.rocker.net.Netdevs;
import org.qmpd.rocker.ofdpa.Bytes;
import org.qmpd.rocker.ofdpa.OfDpaWorld;

/**
 * The properties of {@code -device rocker} / {@code device_add driver=rocker}, parsed from
 * their string values with QEMU 2.4's errors ({@link #parse}), then realized into a switch
 * with {@code pci_rocker_realize}'s checks and defaults ({@link #realize}): name "rocker", at
 * most 9 characters, unique; MACs from 52:54:00:12:35:01 with the fifth octet counting the
 * switches; the switch id the first MAC read as a little-endian number; at most 62 ports, each
 * attached to the netdev its {@code ports[N]} names.
 */
final class RockerConfig {
    static final String DRIVER = "rocker";
    static final long DEFAULT_MAC = 0x5254_0012_3501L;
    static final int MAX_NAME_LENGTH = 16 - 1 - 3 - 3;
    private static final Pattern PORT = Pattern.compile("ports\\[(0|[1-9][0-9]{0,8})\\]");

    String name;
    String world;
    long mac;
    long switchId;
    long lenPorts;
    final Map<Integer, NetBackend> netdevs = new LinkedHashMap<>();

    private RockerConfig() {
    }

    static RockerConfig parse(Map<String, String> props, Netdevs netdevs) throws QmpException {
        RockerConfig c = new RockerConfig();
        if (props.containsKey("len-ports")) {
            long len = integer("len-ports", props.get("len-ports"));
            if (len < 0 || len > 0xffff_ffffL) {
                throw QmpException.generic("Parameter 'len-ports' expects uint32_t");
            }
            c.lenPorts = len;
        }
        for (Map.Entry<String, String> e : props.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "name":
                    c.name = value;
                    break;
                case "world":
                    c.world = value;
                    break;
                case "fp_start_macaddr":
                    c.mac = Bytes.parseMac(value);
                    if (c.mac < 0) {
                        throw badValue(key, value);
                    }
                    break;
                case "switch_id":
                    c.switchId = integer(key, value);
                    break;
                case "len-ports":
                    break;
                default:
                    Matcher m = PORT.matcher(key);
                    if (!m.matches() || Long.parseLong(m.group(1)) >= c.lenPorts) {
                        throw QmpException.generic("Property '" + DRIVER + "." + key + "' not found");
                    }
                    c.netdevs.put(Integer.parseInt(m.group(1)), netdev(c, key, value, netdevs));
                    break;
            }
        }
        return c;
    }

    private static NetBackend netdev(RockerConfig c, String key, String id, Netdevs netdevs) throws QmpException {
        NetBackend b = netdevs.find(id);
        if (b == null) {
            throw QmpException.generic("Property '" + DRIVER + "." + key + "' can't find value '" + id + "'");
        }
        if (b.peer() != null || c.netdevs.containsValue(b)) {
            throw QmpException.generic("Property '" + DRIVER + "." + key + "' can't take value '" + id + "', it's in use");
        }
        return b;
    }

    private static QmpException badValue(String key, String value) {
        return QmpException.generic("Property '" + DRIVER + "." + key + "' doesn't take value '" + value + "'");
    }

    /** An integer as 2.4's string input visitor reads one (C syntax: decimal, 0x hex, 0 octal). */
    static long integer(String name, String text) throws QmpException {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseUnsignedLong(t.substring(2), 16);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = Long.parseUnsignedLong(t.substring(1), 8);
            } else {
                v = Long.parseUnsignedLong(t);
            }
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw QmpException.generic("Parameter '" + name + "' expects an int64 value or range");
        }
    }

    /** Makes the switch and registers it; throws, with nothing registered, if QEMU would refuse it. */
    Rocker realize(Rockers rockers) throws QmpException {
        String w = world == null ? Rocker.WORLD : world;
        if (!w.equals(Rocker.WORLD)) {
            throw QmpException.generic("invalid argument requested world " + w + " does not exist");
        }
        String n = name == null ? DRIVER : name;
        if (rockers.find(n) != null) {
            throw QmpException.generic(n + " already exists");
        }
        if (n.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
            throw QmpException.generic("name too long; please shorten to at most " + MAX_NAME_LENGTH + " chars");
        }
        long startMac = mac;
        if (startMac == 0) {
            int octet = (int) (DEFAULT_MAC >>> 8) + rockers.nextSwitchIndex() & 0xff;
            startMac = DEFAULT_MAC & ~0xff00L | (long) octet << 8;
        }
        long id = switchId != 0 ? switchId : littleEndian(startMac);
        int count = (int) Math.min(lenPorts, OfDpaWorld.FP_PORTS_MAX);
        Rocker r = new Rocker(n, id, startMac, count);
        for (Map.Entry<Integer, NetBackend> e : netdevs.entrySet()) {
            if (e.getKey() < count) {
                r.port(e.getKey() + 1).attach(e.getValue());
            }
        }
        rockers.add(r);
        return r;
    }

    /** The six octets of a MAC as a little-endian number, as {@code memcpy} into the uint64 switch id. */
    static long littleEndian(long mac) {
        long id = 0;
        for (int i = 0; i < 6; i++) {
            id |= (mac >>> (40 - 8 * i) & 0xff) << (8 * i);
        }
        return id;
    }
}
