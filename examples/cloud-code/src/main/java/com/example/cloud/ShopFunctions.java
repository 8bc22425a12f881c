package com.example.cloud;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import java.util.Map;

/**
 * Parse.Cloud.run('price', {item: 'pen', quantity: 3}) answers {"item": "pen", "total": 4.5}; the job
 * 'restock' (POST /jobs/restock with the master key) reports its progress and ends with a message;
 * an Order saved with an item and a quantity gets its total (beforeSave), and one of an unknown item
 * is refused; a Product may not be deleted while in stock (beforeDelete).
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
    cloud.beforeSave("Order", request -> {
      String item = request.object().getString("item");
      if (item == null) {
        return null; // saved as sent
      }
      Double price = PRICES.get(item);
      if (price == null) {
        throw new IllegalArgumentException("unknown item " + item); // the save is refused with 141
      }
      return request.object().copy().put("total", price * request.object().getInteger("quantity", 1));
    });
    cloud.beforeDelete("Product", request -> {
      // request.object() is null for a delete: read what you need with the REST API or your own store
      if (request.master()) {
        return;
      }
      throw new IllegalStateException("products are retired by the master key only");
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
