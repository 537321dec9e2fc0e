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
import org.qmpd.rocker.ofdpa.FlowRules;
import org.qmpd.rocker.ofdpa.FlowSpec;
import org.qmpd.rocker.ofdpa.OfDpaException;

/**
 * {@code x-rocker-of-dpa-flow-add}: installs a flow, as the driver's {@code OF_DPA_FLOW_ADD}
 * would. Takes the switch {@code name} and a flow as {@code query-rocker-of-dpa-flows} returns
 * it ({@code cookie}, {@code key}, {@code mask}, {@code action}; {@code hits} is accepted and
 * ignored); a mask member left out means an exact match on the key member. Refused if the
 * cookie is taken or the table's rules refuse it (see {@code FlowRules}).
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-flow-add", args = RockerOfDpaFlowAdd.ARGS)
public final class RockerOfDpaFlowAdd implements CommandHandler {
    static final String ARGS = "name:s,cookie:i,hits:i?,key:q,mask:q?,action:q?";

    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        FlowSpec spec = FlowShapes.spec(args);
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            r.world().addFlow(FlowRules.build(spec));
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
