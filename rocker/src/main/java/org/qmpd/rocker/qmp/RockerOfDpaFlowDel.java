package org.qmpd.rocker.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.OfDpaException;

/** {@code x-rocker-of-dpa-flow-del}: removes the flow with this cookie ({@code OF_DPA_FLOW_DEL}). */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-flow-del", args = "name:s,cookie:i")
public final class RockerOfDpaFlowDel implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long cookie = Dict.uint64(args.json().get("cookie"), "cookie");
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            r.world().delFlow(cookie);
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
