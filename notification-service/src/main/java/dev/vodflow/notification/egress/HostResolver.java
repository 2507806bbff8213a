package dev.vodflow.notification.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution, a seam so that tests can give a name any address without touching the machine's DNS. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
