package org.qmpd.core.qmp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.device.DeviceTree;
import org.qmpd.core.protocol.QDictOrder;

/**
 * {@code device_add} ({@code device:O}): the arguments become {@code -device} QemuOpts as 2.4's
 * {@code qemu_opts_from_qdict} makes them, in QDict order: {@code id} only if it is a string;
 * strings kept, integers in decimal, floats as {@code %.17g}, booleans {@code on}/{@code off},
 * objects, arrays and null silently dropped. The launcher's {@code -device} comes here too,
 * from the internal session, where devices that cannot be hot-plugged are still welcome.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "device_add", args = "device:O", params = "driver[,prop=value][,...]",
        help = "add device, like -device on the command line")
public final class DeviceAdd implements CommandHandler {
    @Reference
    private DeviceTree devices;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        ObjectNode json = args.json();
        JsonNode idNode = json.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        devices.add(id, opts(json), !"internal".equals(session.peer()));
        return null;
    }

    /** The QemuOpts of {@code json}, id left out, in 2.4's QDict iteration order. */
    static Map<String, String> opts(ObjectNode json) {
        String[] keys = new String[json.size()];
        int n = 0;
        for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
            keys[n++] = it.next();
        }
        QDictOrder.sort(keys, n);
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (keys[i].equals("id")) {
                continue;
            }
            String value = optValue(json.get(keys[i]));
            if (value != null) {
                opts.put(keys[i], value);
            }
        }
        return opts;
    }

    private static String optValue(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            return formatG17(v.doubleValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "on" : "off";
        }
        return null;
    }

    /** C's {@code printf("%.17g", d)} for a finite double. */
    static String formatG17(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(17));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            text = strip(mantissa.setScale(16, java.math.RoundingMode.UNNECESSARY).toPlainString())
                    + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
        } else {
            text = strip(rounded.setScale(Math.max(0, 16 - exponent), java.math.RoundingMode.UNNECESSARY).toPlainString());
        }
        return text;
    }

    private static String strip(String fixed) {
        if (fixed.indexOf('.') < 0) {
            return fixed;
        }
        int end = fixed.length();
        while (fixed.charAt(end - 1) == '0') {
            end--;
        }
        if (fixed.charAt(end - 1) == '.') {
            end--;
        }
        return fixed.substring(0, end);
    }
}
