package com.example.cloud;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import java.util.Map;

/**
 * Parse.Cloud.run('price', {item: 'pen', quantity: 3}) answers {"item": "pen", "total": 4.5}; the job
 * 'restock' (POST /jobs/restock with the master key) reports its progress and ends with a message.
 */
public final class ShopFunctions implements CloudCode {

  private static final Map<String, Double> PRICES = Map.of("pen", 1.5, "book", 12.0);

  @Override
  public void define(Cloud cloud) {
    cloud.define("price", request -> {
      String item = request.params().getString("item");
      Double price = PRICES.get(item);
      if (price == null) {
        throw new IllegalArgumentException("unknown item " + item); // the caller gets 141 with this message
      }
      int quantity = request.params().getInteger("quantity", 1);
      return Map.of("item", item, "total", price * quantity);
    });
    cloud.defineJob("restock", request -> {
      for (String item : PRICES.keySet()) {
        if (request.cancelled()) {
          return null; // the node is stopping: another worker runs the job again
        }
        request.message("restocked " + item);
      }
      return "restocked " + PRICES.size() + " items";
    });
  }
}
