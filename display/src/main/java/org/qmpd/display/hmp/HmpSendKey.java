package org.qmpd.display.hmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.display.console.KeyCodes;
import org.qmpd.display.service.Display;

/**
 * HMP {@code sendkey keys [hold_ms]}, as 2.4's {@code hmp_send_key}: keys joined by {@code -}
 * ({@code ctrl-alt-delete}), each a {@code QKeyCode} name, {@code <} for {@code less}, or a
 * {@code 0x} number; a bad one prints {@code invalid parameter: <key>} and sends nothing.
 */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "sendkey", params = "keys [hold_ms]", help = "send keys to the VM (e.g. 'sendkey ctrl-alt-f1', default hold time=100 ms)")
public final class HmpSendKey implements HmpCommandHandler {
    @Reference
    private Display display;

    @Override
    public String execute(String arguments, Session session) {
        String[] words = arguments.trim().split("\\s+");
        if (words[0].isEmpty()) {
            return "sendkey: missing parameter\n";
        }
        List<Integer> numbers = new ArrayList<>();
        for (String key : words[0].split("-", -1)) {
            String name = key.length() > 15 ? key.substring(0, 15) : key;
            if (name.equals("<")) {
                name = "less";
            }
            int number;
            if (name.startsWith("0x")) {
                try {
                    number = Integer.parseInt(name.substring(2), 16);
                } catch (NumberFormatException e) {
                    return "invalid parameter: " + name + "\n";
                }
            } else {
                number = KeyCodes.qcodeNumber(name);
                if (number < 0) {
                    return "invalid parameter: " + name + "\n";
                }
            }
            numbers.add(number);
        }
        long hold = 100;
        if (words.length > 1) {
            try {
                hold = Long.parseLong(words[1]);
            } catch (NumberFormatException e) {
                return "sendkey: invalid hold time '" + words[1] + "'\n";
            }
            if (hold <= 0) {
                hold = 100;
            }
        }
        display.keyQueue().sendKeys(numbers, hold);
        return "";
    }
}
